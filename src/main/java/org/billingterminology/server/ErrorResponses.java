package org.billingterminology.server;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
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

	/** An unqualified exception class name as Java prints it, as in "DataFormatException at [1,73]: ". */
	private static final Pattern SHORT_CLASS_NAME = Pattern
		.compile("\\b[A-Z][A-Za-z0-9_]*(?:Exception|Error)(?=\\s+at\\s|:)");

	/** A Java member quoted in a library message, as in "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)". */
	private static final Pattern QUOTED_MEMBER = Pattern.compile(",?\\s*(?:from\\s+)?`[A-Za-z0-9_.$]+(?:\\(\\))?`");

	/** HAPI's model class of a FHIR datatype, as in "of type IntegerType"; FHIR calls it "integer". */
	private static final Pattern DATATYPE_CLASS = Pattern.compile("\\btype ([A-Z])([A-Za-z]*)Type\\b");

	/** The value a parser quotes in its complaint, as in For input string: "abc" or 'maybe'. */
	private static final Pattern QUOTED_VALUE = Pattern.compile("[\"']([^\"']*)[\"']");

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException sanitise(RequestDetails request, Throwable error) {
		Throwable badInput = badInput(error);
		if (badInput != null) {
			return new InvalidRequestException("Invalid request: " + clean(badInput.getMessage())
					+ parameterHolding(request, badInput.getMessage()));
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

	/**
	 * Names the parameter whose value a parser rejected without saying where it came from (HAPI
	 * binds a GET operation's parameters before our code sees them).
	 */
	private static String parameterHolding(RequestDetails request, String message) {
		Matcher quoted = QUOTED_VALUE.matcher(message == null ? "" : message);
		if (request == null || request.getParameters() == null || !quoted.find()) {
			return "";
		}
		String value = quoted.group(1);
		List<String> names = request.getParameters()
			.entrySet()
			.stream()
			.filter(entry -> Arrays.asList(entry.getValue()).contains(value))
			.map(Map.Entry::getKey)
			.toList();
		return names.size() == 1 ? " (the value of the parameter '" + names.get(0) + "')" : "";
	}

	static String clean(String message) {
		if (message == null) {
			return "";
		}
		String cleaned = CLASS_NAME.matcher(message).replaceAll("");
		cleaned = SHORT_CLASS_NAME.matcher(cleaned).replaceAll("Invalid content");
		cleaned = QUOTED_MEMBER.matcher(cleaned).replaceAll("");
		cleaned = DATATYPE_CLASS.matcher(cleaned)
			.replaceAll(match -> "type " + match.group(1).toLowerCase(Locale.ROOT) + match.group(2));
		return cleaned.trim();
	}

}
