package org.billingterminology.terminology.model;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.billingterminology.budget.WorkBudget;
import org.billingterminology.outcome.OperationOutcomes;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Errors that end a terminology request, as HAPI exceptions carrying the OperationOutcome
 * terminology clients read: the issue type, the tx-issue-type code and the message.
 */
public final class Failures {

	/** FHIR's tx-issue-type codes, which terminology clients read from every issue. */
	public static final String TX_ISSUE_TYPE = "http://hl7.org/fhir/tools/CodeSystem/tx-issue-type";

	/** HL7's extension carrying the id of an issue's message, which validators copy onto their own. */
	public static final String MESSAGE_ID = OperationOutcomes.MESSAGE_ID;

	private Failures() {
	}

	/**
	 * 422 too-costly: an unpaged expansion larger than the limit; the same refusal as a request over
	 * its work budget ({@link WorkBudget#tooCostly}).
	 */
	public static UnprocessableEntityException tooCostly(String message) {
		return WorkBudget.tooCostly(message);
	}

	/** 404: something the request names (a value set, a code system) is not known. */
	public static ResourceNotFoundException notFound(String message) {
		ResourceNotFoundException error = new ResourceNotFoundException(message);
		error.setOperationOutcome(outcome(IssueType.NOTFOUND, "not-found", message));
		return error;
	}

	/** 400: the request itself is wrong. */
	public static InvalidRequestException invalid(IssueType type, String txType, String message) {
		InvalidRequestException error = new InvalidRequestException(message);
		error.setOperationOutcome(outcome(type, txType, message));
		return error;
	}

	/** 400 pointing at the element of the value set that is wrong. */
	public static InvalidRequestException invalid(IssueType type, String txType, String message, String expression) {
		InvalidRequestException error = invalid(type, txType, message);
		((OperationOutcome) error.getOperationOutcome()).getIssueFirstRep().addExpression(expression);
		return error;
	}

	/** 422: the request is well formed but the content it points at cannot be processed. */
	public static UnprocessableEntityException unprocessable(IssueType type, String txType, String message) {
		UnprocessableEntityException error = new UnprocessableEntityException(message);
		error.setOperationOutcome(outcome(type, txType, message));
		return error;
	}

	static OperationOutcome outcome(IssueType type, String txType, String message) {
		OperationOutcome outcome = new OperationOutcome();
		var issue = outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type);
		issue.getDetails().addCoding(new Coding(TX_ISSUE_TYPE, txType, null));
		issue.getDetails().setText(message);
		return outcome;
	}

	/** An outcome with just a message, for a failure that has no tx-issue-type. */
	public static OperationOutcome plainOutcome(IssueType type, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).getDetails().setText(message);
		return outcome;
	}

}
