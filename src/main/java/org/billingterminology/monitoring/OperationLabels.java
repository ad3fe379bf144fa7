package org.billingterminology.monitoring;

import java.util.Set;
import java.util.regex.Pattern;

import org.billingterminology.security.ReadOnlyApi;

/**
 * What a request asked for, as a metric tag: "CodeSystem/$lookup", "ChargeItemDefinition search",
 * "metadata". Only names this server knows are used, never a value the client chose freely, so a
 * client cannot create new time series (each costs memory for as long as the process runs).
 */
final class OperationLabels {

	/**
	 * Besides the operations open to all (ReadOnlyApi's list), the admin's own by name; any other
	 * "$name" is "$other".
	 */
	private static final Set<String> ADMIN_OPERATIONS = Set.of("$validate", "$upload-external-code-system",
			"$expunge");

	private static final Pattern SLASHES = Pattern.compile("/+");

	private final Set<String> resourceTypes;

	OperationLabels(Set<String> resourceTypes) {
		this.resourceTypes = Set.copyOf(resourceTypes);
	}

	/** @param path the request URI without the context path, undecoded */
	String of(String method, String path) {
		if (path.equals("/actuator") || path.startsWith("/actuator/")) {
			return "actuator";
		}
		if (!(path.equals("/fhir") || path.startsWith("/fhir/"))) {
			return "other";
		}
		String rest = path.substring("/fhir".length());
		int from = 0;
		while (from < rest.length() && rest.charAt(from) == '/') {
			from++;
		}
		if (from == rest.length()) {
			return "base";
		}
		String[] segments = SLASHES.split(rest.substring(from));
		String first = segments[0];
		if (first.equals("metadata") || first.equals("_history") || first.equals("swagger-ui") || first.equals("api-docs")) {
			return first;
		}
		if (first.startsWith("$")) {
			return operation(first);
		}
		if (!resourceTypes.contains(first)) {
			return "unknown";
		}
		return first + onType(method, segments);
	}

	private static String onType(String method, String[] segments) {
		if (segments.length == 1) {
			return "POST".equals(method) ? " create" : " search";
		}
		String second = segments[1];
		if (second.equals("_search")) {
			return " search";
		}
		if (second.equals("_history")) {
			return " history";
		}
		if (second.startsWith("$")) {
			return "/" + operation(second);
		}
		if (segments.length == 2) {
			return switch (method) {
				case "PUT" -> " update";
				case "PATCH" -> " patch";
				case "DELETE" -> " delete";
				default -> " read";
			};
		}
		String third = segments[2];
		if (third.startsWith("$")) {
			return "/" + operation(third);
		}
		return third.equals("_history") && segments.length == 4 ? " vread" : " history";
	}

	private static String operation(String name) {
		return ReadOnlyApi.isOpenToAll(name) || ADMIN_OPERATIONS.contains(name) ? name : "$other";
	}

}
