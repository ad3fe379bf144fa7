package org.billingterminology.billing;

import java.util.List;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * The $billing-check answer, as its OperationDefinition declares it: {@code result}, one
 * {@code line} per claim item (sequence, code, verdict, findings, what was not checked, which
 * ChargeItemDefinitions were applied) and the same findings, with the notes on the input, as an
 * {@code issues} OperationOutcome whose expressions point at {@code Claim.item[n]}.
 */
final class BillingAnswer {

	private BillingAnswer() {
	}

	static Parameters of(List<ClaimCheck.Line> lines, List<ClaimInput.Note> notes) {
		Parameters answer = new Parameters();
		answer.addParameter("result", new BooleanType(lines.stream().noneMatch(ClaimCheck.Line::hasError)));
		OperationOutcome issues = new OperationOutcome();
		for (ClaimInput.Note note : notes) {
			issue(issues, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, note.message(), note.where());
		}
		for (ClaimCheck.Line line : lines) {
			ParametersParameterComponent part = answer.addParameter().setName("line");
			part.addPart().setName("sequence").setValue(new PositiveIntType(line.sequence()));
			part.addPart().setName("code").setValue(line.code().copy());
			part.addPart().setName("verdict").setValue(new CodeType(line.verdict()));
			for (ClaimCheck.Finding finding : line.findings()) {
				ParametersParameterComponent found = part.addPart().setName("finding");
				found.addPart().setName("severity").setValue(new CodeType(finding.severity()));
				found.addPart().setName("rule").setValue(new UriType(finding.rule()));
				found.addPart().setName("verdict").setValue(new CodeType(finding.verdict()));
				found.addPart().setName("message").setValue(new StringType(finding.message()));
				finding.related().forEach(r -> found.addPart().setName("related").setValue(new PositiveIntType(r)));
				found.addPart().setName("evidence").setValue(new CodeType(finding.evidence()));
				found.addPart().setName("source").setValue(new StringType(finding.source()));
				issue(issues, severity(finding.severity()), IssueType.BUSINESSRULE,
						"Line " + line.sequence() + " (" + line.code().getCode() + "): " + finding.message() + " [" + finding.rule()
								+ "]",
						"Claim.item[" + line.index() + "]");
			}
			line.notChecked().forEach(n -> part.addPart().setName("notChecked").setValue(new StringType(n)));
			line.rulesApplied().forEach(r -> part.addPart().setName("rulesApplied").setValue(new CanonicalType(r)));
		}
		if (!issues.hasIssue()) {
			// an OperationOutcome holds at least one issue (FHIR's cardinality)
			issue(issues, IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, "No findings on any line", "Claim");
		}
		answer.addParameter().setName("issues").setResource(issues);
		return answer;
	}

	private static IssueSeverity severity(String severity) {
		return switch (severity) {
			case "error" -> IssueSeverity.ERROR;
			case "warning" -> IssueSeverity.WARNING;
			default -> IssueSeverity.INFORMATION;
		};
	}

	private static void issue(OperationOutcome outcome, IssueSeverity severity, IssueType type, String text,
			String expression) {
		OperationOutcomeIssueComponent issue = outcome.addIssue().setSeverity(severity).setCode(type);
		issue.getDetails().setText(text);
		issue.addExpression(expression);
	}

}
