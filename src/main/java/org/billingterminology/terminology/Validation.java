package org.billingterminology.terminology;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * The outcome of a $validate-code, in the shape the HL7 validator reads: result, message,
 * display and the coded identity, plus every problem as an issue of the {@code issues}
 * OperationOutcome (tx-issue-type codes from FHIR's terminology ecosystem).
 */
final class Validation {

	static final String TX_ISSUE_TYPE = "http://hl7.org/fhir/tools/CodeSystem/tx-issue-type";

	private final List<OperationOutcome.OperationOutcomeIssueComponent> issues = new ArrayList<>();

	private boolean valid = true;

	private String system;

	private String version;

	private String code;

	private String display;

	private boolean inactive;

	private CodeableConcept codeableConcept;

	void found(String system, String version, String code, String display, boolean inactive) {
		this.system = system;
		this.version = version;
		this.code = code;
		this.display = display;
		this.inactive = inactive;
	}

	void identity(String system, String code) {
		if (this.system == null) {
			this.system = system;
		}
		if (this.code == null) {
			this.code = code;
		}
	}

	void codeableConcept(CodeableConcept codeableConcept) {
		this.codeableConcept = codeableConcept;
	}

	void error(IssueType type, String txType, String message, String location) {
		valid = false;
		issue(IssueSeverity.ERROR, type, txType, message, location);
	}

	void warning(IssueType type, String txType, String message, String location) {
		issue(IssueSeverity.WARNING, type, txType, message, location);
	}

	private void issue(IssueSeverity severity, IssueType type, String txType, String message, String location) {
		var issue = new OperationOutcome.OperationOutcomeIssueComponent().setSeverity(severity).setCode(type);
		issue.getDetails().setText(message).addCoding(new Coding(TX_ISSUE_TYPE, txType, null));
		if (location != null) {
			issue.addLocation(location);
			issue.addExpression(location);
		}
		issues.add(issue);
	}

	/** Takes another coding's problems into this answer, e.g. for a CodeableConcept none of whose codings is valid. */
	void absorb(Validation other) {
		valid &= other.valid;
		issues.addAll(other.issues);
		if (system == null) {
			found(other.system, other.version, other.code, other.display, other.inactive);
		}
	}

	boolean isValid() {
		return valid;
	}

	Parameters toParameters() {
		Parameters parameters = new Parameters();
		parameters.addParameter("result", new BooleanType(valid));
		if (!issues.isEmpty()) {
			parameters.addParameter("message", new StringType(String.join("; ",
					issues.stream().map(i -> i.getDetails().getText()).distinct().toList())));
		}
		if (display != null) {
			parameters.addParameter("display", new StringType(display));
		}
		if (code != null) {
			parameters.addParameter("code", new CodeType(code));
		}
		if (system != null) {
			parameters.addParameter("system", new UriType(system));
		}
		if (version != null) {
			parameters.addParameter("version", new StringType(version));
		}
		if (inactive) {
			parameters.addParameter("inactive", new BooleanType(true));
		}
		if (codeableConcept != null) {
			parameters.addParameter("codeableConcept", codeableConcept);
		}
		if (!issues.isEmpty()) {
			OperationOutcome outcome = new OperationOutcome();
			outcome.setIssue(issues);
			parameters.addParameter().setName("issues").setResource(outcome);
		}
		return parameters;
	}

}
