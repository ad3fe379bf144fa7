package org.billingterminology.terminology.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.billingterminology.terminology.model.Failures;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
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
 * The outcome of a $validate-code in the shape HL7's validator and the terminology ecosystem
 * tests read: {@code result} (true when no issue is an error), the code as found, {@code message}
 * (the texts of the issues a person should see) and every finding as an issue of the {@code
 * issues} OperationOutcome, coded with FHIR's tx-issue-type.
 */
public final class Validation {

	/** One finding; {@code inMessage} false keeps it out of the summary message (hints and echoes). */
	public record Issue(IssueSeverity severity, IssueType type, String txType, String text, String expression,
			boolean inMessage, String messageId) {

		/** A finding that HL7 defines no message id for. */
		public Issue(IssueSeverity severity, IssueType type, String txType, String text, String expression,
				boolean inMessage) {
			this(severity, type, txType, text, expression, inMessage, null);
		}

		boolean isError() {
			return severity == IssueSeverity.ERROR || severity == IssueSeverity.FATAL;
		}

	}

	static final String MESSAGE_ID = Failures.MESSAGE_ID;

	private final List<Issue> issues = new ArrayList<>();

	private String system;

	private String version;

	private String code;

	private String display;

	private boolean inactive;

	private String normalizedCode;

	private String status;

	private CodeableConcept codeableConcept;

	private final Set<String> unknownSystems = new LinkedHashSet<>();

	private final Set<String> causedByUnknownSystems = new LinkedHashSet<>();

	void code(String system, String code) {
		this.system = system;
		this.code = code;
	}

	void found(String version, String display, boolean inactive) {
		this.version = version;
		this.display = display;
		this.inactive = inactive;
	}

	void version(String version) {
		this.version = version;
	}

	void display(String display) {
		this.display = display;
	}

	/** The concept's status when it has one other than active (retired, deprecated...). */
	void status(String status) {
		this.status = status;
	}

	void normalizedCode(String normalizedCode) {
		this.normalizedCode = normalizedCode;
	}

	void codeableConcept(CodeableConcept codeableConcept) {
		this.codeableConcept = codeableConcept;
	}

	void unknownSystem(String system) {
		unknownSystems.add(system);
	}

	void causedByUnknownSystem(String canonical) {
		causedByUnknownSystems.add(canonical);
	}

	void error(IssueType type, String txType, String text, String expression) {
		issues.add(new Issue(IssueSeverity.ERROR, type, txType, text, expression, true));
	}

	/** An error with HL7's id for its message, which validators copy onto their own messages. */
	void error(IssueType type, String txType, String messageId, String text, String expression) {
		issues.add(new Issue(IssueSeverity.ERROR, type, txType, text, expression, true, messageId));
	}

	void warning(IssueType type, String txType, String text, String expression) {
		issues.add(new Issue(IssueSeverity.WARNING, type, txType, text, expression, true));
	}

	void warning(IssueType type, String txType, String messageId, String text, String expression) {
		issues.add(new Issue(IssueSeverity.WARNING, type, txType, text, expression, true, messageId));
	}

	void information(IssueType type, String txType, String text, String expression) {
		issues.add(new Issue(IssueSeverity.INFORMATION, type, txType, text, expression, true));
	}

	public void add(Issue issue) {
		issues.add(issue);
	}

	List<Issue> issues() {
		return issues;
	}

	boolean isValid() {
		return issues.stream().noneMatch(Issue::isError);
	}

	String system() {
		return system;
	}

	String code() {
		return code;
	}

	String version() {
		return version;
	}

	String display() {
		return display;
	}

	boolean inactive() {
		return inactive;
	}

	String normalizedCode() {
		return normalizedCode;
	}

	Set<String> unknownSystems() {
		return unknownSystems;
	}

	Set<String> causedByUnknownSystems() {
		return causedByUnknownSystems;
	}

	/** The identity of another coding's answer (the valid coding of a CodeableConcept). */
	void identityFrom(Validation other) {
		code(other.system, other.code);
		found(other.version, other.display, other.inactive);
		normalizedCode = other.normalizedCode;
		status = other.status;
	}

	public Parameters toParameters() {
		Parameters parameters = new Parameters();
		if (code != null) {
			parameters.addParameter("code", new CodeType(code));
		}
		if (codeableConcept != null) {
			parameters.addParameter("codeableConcept", codeableConcept);
		}
		if (display != null) {
			parameters.addParameter("display", new StringType(display));
		}
		if (inactive) {
			parameters.addParameter("inactive", new BooleanType(true));
		}
		if (!issues.isEmpty()) {
			parameters.addParameter().setName("issues").setResource(outcome());
		}
		List<String> texts = issues.stream().filter(Issue::inMessage).map(Issue::text).distinct().toList();
		if (!texts.isEmpty()) {
			parameters.addParameter("message", new StringType(String.join("; ", texts)));
		}
		if (normalizedCode != null) {
			parameters.addParameter("normalized-code", new CodeType(normalizedCode));
		}
		parameters.addParameter("result", new BooleanType(isValid()));
		if (status != null) {
			parameters.addParameter("status", new CodeType(status));
		}
		if (system != null) {
			parameters.addParameter("system", new UriType(system));
		}
		if (version != null) {
			parameters.addParameter("version", new StringType(version));
		}
		causedByUnknownSystems.forEach(c -> parameters.addParameter("x-caused-by-unknown-system", new CanonicalType(c)));
		unknownSystems.forEach(s -> parameters.addParameter("x-unknown-system", new CanonicalType(s)));
		return parameters;
	}

	OperationOutcome outcome() {
		OperationOutcome outcome = new OperationOutcome();
		for (Issue issue : issues) {
			var component = outcome.addIssue().setSeverity(issue.severity()).setCode(issue.type());
			if (issue.messageId() != null) {
				component.addExtension(MESSAGE_ID, new org.hl7.fhir.r4.model.StringType(issue.messageId()));
			}
			component.getDetails().addCoding(new Coding(Failures.TX_ISSUE_TYPE, issue.txType(), null));
			component.getDetails().setText(issue.text());
			if (issue.expression() != null) {
				// expression only: R4 deprecates location, and HL7's comparison treats an extra one as a difference
				component.addExpression(issue.expression());
			}
		}
		return outcome;
	}

}
