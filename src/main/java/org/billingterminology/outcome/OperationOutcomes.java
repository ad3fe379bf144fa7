package org.billingterminology.outcome;

import java.util.Locale;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * OperationOutcomes for errors that never reach HAPI's RestfulServer (refused by a filter, by
 * Tomcat itself, or outside /fhir), so that every error a client sees has the same FHIR shape.
 */
public final class OperationOutcomes {

	public static final String JSON = "application/fhir+json;charset=UTF-8";

	/** HL7's extension carrying the id of an issue's message, which validators copy onto their own. */
	public static final String MESSAGE_ID = "http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id";

	public static final String XML = "application/fhir+xml;charset=UTF-8";

	private OperationOutcomes() {
	}

	public static OperationOutcome of(int status, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(issueType(status)).setDiagnostics(message);
		return outcome;
	}

	/** XML only for a client that asks for XML and not JSON; JSON is this server's default. */
	public static boolean wantsXml(String accept, String format) {
		if (format != null) {
			return format.toLowerCase(Locale.ROOT).contains("xml");
		}
		String wanted = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
		return wanted.contains("xml") && !wanted.contains("json");
	}

	public static String encode(FhirContext fhirContext, OperationOutcome outcome, boolean xml) {
		return (xml ? fhirContext.newXmlParser() : fhirContext.newJsonParser()).encodeResourceToString(outcome);
	}

	private static IssueType issueType(int status) {
		return switch (status) {
			case 401 -> IssueType.LOGIN;
			case 403 -> IssueType.FORBIDDEN;
			case 404 -> IssueType.NOTFOUND;
			case 405, 406, 415, 501, 505 -> IssueType.NOTSUPPORTED;
			case 408 -> IssueType.TIMEOUT;
			case 413, 414, 431 -> IssueType.TOOLONG;
			default -> status >= 500 ? IssueType.EXCEPTION : IssueType.INVALID;
		};
	}

}
