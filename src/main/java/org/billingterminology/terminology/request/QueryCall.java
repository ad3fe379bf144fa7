package org.billingterminology.terminology.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * A GET operation call read from its query for a short path (http's ShortPaths), with the typed
 * parameters HAPI's binding would hand the operation. Only the plainest queries are read: names
 * the short path knows, each single one once, every value non-empty and without surrounding
 * whitespace. Anything else ({@link #of} gives null) is left to HAPI's path, which binds (or
 * refuses) it as always; the operation then reads the same parameters either way.
 */
public final class QueryCall {

	private final Map<String, String[]> query;

	private final HttpServletRequest request;

	private QueryCall(Map<String, String[]> query, HttpServletRequest request) {
		this.query = query;
		this.request = request;
	}

	/**
	 * The call, or null when the query has a name outside {@code single} and {@code repeatable}, a
	 * single one more than once, or a value that is empty or padded with whitespace.
	 */
	public static QueryCall of(Map<String, String[]> query, HttpServletRequest request, Set<String> single,
			Set<String> repeatable) {
		for (Map.Entry<String, String[]> parameter : query.entrySet()) {
			String name = parameter.getKey();
			String[] values = parameter.getValue();
			if (!(single.contains(name) && values.length == 1 || repeatable.contains(name) && values.length >= 1)) {
				return null;
			}
			for (String value : values) {
				if (value.isEmpty() || !value.strip().equals(value)) {
					return null;
				}
			}
		}
		return new QueryCall(query, request);
	}

	public CodeType code(String name) {
		String value = value(name);
		return value == null ? null : new CodeType(value);
	}

	public UriType uri(String name) {
		String value = value(name);
		return value == null ? null : new UriType(value);
	}

	public StringType string(String name) {
		String value = value(name);
		return value == null ? null : new StringType(value);
	}

	/** A boolean as HAPI's binding reads one; anything but true or false is HAPI's to refuse. */
	public BooleanType bool(String name) {
		String value = value(name);
		if (value == null) {
			return null;
		}
		if (!value.equals("true") && !value.equals("false")) {
			throw new IllegalArgumentException(name + " is not a boolean");
		}
		return new BooleanType(value);
	}

	/** Every value of a repeatable code parameter, or null when it is not given (as HAPI binds it). */
	public List<CodeType> codes(String name) {
		String[] values = query.get(name);
		if (values == null) {
			return null;
		}
		List<CodeType> codes = new ArrayList<>(values.length);
		for (String value : values) {
			codes.add(new CodeType(value));
		}
		return codes;
	}

	/** The request as the operation reads it on HAPI's path: this query, the headers, no body. */
	public RequestDetails details() {
		ServletRequestDetails details = new ServletRequestDetails();
		details.setServletRequest(request);
		details.setParameters(query);
		return details;
	}

	private String value(String name) {
		String[] values = query.get(name);
		return values == null ? null : values[0];
	}

}
