package org.billingterminology.server;

import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.util.DateUtils;

/**
 * Request parameters that HAPI would quietly ignore or reinterpret: an unknown _format (HAPI
 * answers JSON instead of saying it cannot), an unknown _summary or _total, and a negative
 * _count or _offset (HAPI drops them). And an If-Modified-Since that is not an HTTP date, on
 * which HAPI's read fails with a null pointer (RFC 9110 would have it ignored; a client that
 * sends one has a bug worth naming, so it is a 400).
 */
@Interceptor
class RequestChecks {

	/** _format values HAPI understands besides media types: short names and its HTML views. */
	private static final Set<String> FORMAT_NAMES = Set.of(Constants.FORMAT_JSON, Constants.FORMAT_XML,
			Constants.FORMAT_TURTLE, Constants.FORMAT_NDJSON, Constants.FORMAT_HTML, Constants.CT_HTML,
			Constants.FORMATS_HTML_JSON, Constants.FORMATS_HTML_XML, Constants.FORMATS_HTML_TTL);

	private static final Set<String> SUMMARY_VALUES = Set.of("true", "false", "text", "data", "count");

	private static final Set<String> TOTAL_VALUES = Set.of("none", "estimated", "accurate");

	private final int maxPageSize;

	RequestChecks(int maxPageSize) {
		this.maxPageSize = maxPageSize;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public void check(RequestDetails request) {
		String modifiedSince = request.getHeader(Constants.HEADER_IF_MODIFIED_SINCE);
		if (modifiedSince != null && DateUtils.parseDate(modifiedSince) == null) {
			throw new InvalidRequestException("The If-Modified-Since header '" + modifiedSince
					+ "' is not an HTTP date (such as 'Wed, 21 Oct 2015 07:28:00 GMT')");
		}
		Map<String, String[]> parameters = request.getParameters();
		for (String format : values(parameters, Constants.PARAM_FORMAT)) {
			String name = format.trim();
			if (!FORMAT_NAMES.contains(name) && EncodingEnum.forContentType(name) == null) {
				throw new UnclassifiedServerFailureException(406, "The _format '" + format
						+ "' is not supported; use json, xml, ttl, html, or a FHIR media type");
			}
		}
		oneOf(parameters, Constants.PARAM_SUMMARY, SUMMARY_VALUES);
		oneOf(parameters, Constants.PARAM_SEARCH_TOTAL_MODE, TOTAL_VALUES);
		for (String count : values(parameters, Constants.PARAM_COUNT)) {
			wholeNumber(Constants.PARAM_COUNT, count, " (larger values are capped at " + maxPageSize + ")");
		}
		for (String offset : values(parameters, Constants.PARAM_OFFSET)) {
			wholeNumber(Constants.PARAM_OFFSET, offset, "");
		}
	}

	private static void oneOf(Map<String, String[]> parameters, String name, Set<String> allowed) {
		for (String value : values(parameters, name)) {
			if (!allowed.contains(value.trim())) {
				throw new InvalidRequestException("The " + name + " parameter must be one of " + allowed.stream().sorted().toList()
						+ "; got '" + value + "'");
			}
		}
	}

	private static String[] values(Map<String, String[]> parameters, String name) {
		String[] values = parameters == null ? null : parameters.get(name);
		return values == null ? new String[0] : values;
	}

	private static void wholeNumber(String name, String value, String note) {
		String problem = "The " + name + " parameter must be a whole number from 0 up" + note + "; got '" + value + "'";
		if (!value.trim().matches("\\d{1,9}")) {
			throw new InvalidRequestException(problem);
		}
	}

}
