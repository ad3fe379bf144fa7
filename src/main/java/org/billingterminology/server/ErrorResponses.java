package org.billingterminology.server;

import java.util.UUID;
import java.util.regex.Pattern;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves as a FHIR OperationOutcome that names the problem without internals: bad
 * input that HAPI's parameter binding reports as a server error (a number that is not one) becomes
 * a 400, Java class names are cut from messages, and a real server fault is logged with an id that
 * the response quotes instead of its details.
 */
@Interceptor
class ErrorResponses {

	private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

	/** A qualified Java exception class name, as in "java.lang.NumberFormatException: ". */
	private static final Pattern CLASS_NAME = Pattern
		.compile("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*)?");

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException sanitise(RequestDetails request, Throwable error) {
		Throwable badInput = badInput(error);
		if (badInput != null) {
			return new InvalidRequestException("Invalid request: " + clean(badInput.getMessage()));
		}
		if (error instanceof BaseServerResponseException response && response.getStatusCode() < 500) {
			String cleaned = clean(response.getMessage());
			return cleaned.equals(response.getMessage()) ? null : copyStatus(response, cleaned);
		}
		String reference = UUID.randomUUID().toString();
		log.error("Internal error {} on {} {}", reference, request == null ? "" : request.getRequestType(),
				request == null ? "" : request.getCompleteUrl(), error);
		return new InternalErrorException("The server could not complete this request (error reference " + reference
				+ "); the problem has been logged");
	}

	private static Throwable badInput(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof NumberFormatException || cause instanceof DataFormatException) {
				return cause;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	private static BaseServerResponseException copyStatus(BaseServerResponseException original, String message) {
		BaseServerResponseException copy = BaseServerResponseException.newInstance(original.getStatusCode(), message);
		original.getResponseHeaders().forEach((name, values) -> values.forEach(v -> copy.addResponseHeader(name, v)));
		copy.setOperationOutcome(original.getOperationOutcome());
		return copy;
	}

	static String clean(String message) {
		return message == null ? "" : CLASS_NAME.matcher(message).replaceAll("").trim();
	}

}
