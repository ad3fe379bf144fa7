package org.billingterminology.terminology.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * The $expand / $validate-code parameters that steer which version of a code system is used, each
 * a canonical {@code system|version} where the version may hold wildcards ({@code 1.0.x}):
 * {@code system-version} (a default when nothing else says which), {@code check-system-version}
 * (the version used must match), {@code force-system-version} (use this one whatever the value set
 * or the code says).
 */
public final class VersionRules {

	public static final VersionRules NONE = new VersionRules(Map.of(), Map.of(), Map.of(), Map.of());

	private final Map<String, String> defaults;

	private final Map<String, String> checks;

	private final Map<String, String> forces;

	private final Map<String, String> valueSetDefaults;

	private VersionRules(Map<String, String> defaults, Map<String, String> checks, Map<String, String> forces,
			Map<String, String> valueSetDefaults) {
		this.defaults = defaults;
		this.checks = checks;
		this.forces = forces;
		this.valueSetDefaults = valueSetDefaults;
	}

	/** @param parameter every value of a request parameter, by name */
	public static VersionRules of(Function<String, List<String>> parameter) {
		return new VersionRules(parse(parameter.apply("system-version"), "system-version"),
				parse(parameter.apply("check-system-version"), "check-system-version"),
				parse(parameter.apply("force-system-version"), "force-system-version"),
				parse(parameter.apply("default-valueset-version"), "default-valueset-version"));
	}

	/** The version to use for a value set imported by url alone (default-valueset-version), or null. */
	public String defaultValueSetVersion(String url) {
		return valueSetDefaults.get(url);
	}

	private static Map<String, String> parse(List<String> canonicals, String name) {
		Map<String, String> rules = new HashMap<>();
		for (String canonical : canonicals) {
			int bar = canonical.indexOf('|');
			if (bar <= 0 || bar == canonical.length() - 1) {
				throw new InvalidRequestException("The " + name + " parameter must be a canonical system|version; got '"
						+ canonical + "'");
			}
			rules.put(canonical.substring(0, bar), canonical.substring(bar + 1));
		}
		return rules;
	}

	public String defaultVersion(String system) {
		return defaults.get(system);
	}

	public String check(String system) {
		return checks.get(system);
	}

	public String force(String system) {
		return forces.get(system);
	}

	/**
	 * True when the version matches the pattern: equal, or equal part by part where the pattern
	 * has x, X or * (1.0.x matches 1.0.0 and 1.0.7, not 1.1.0). A missing pattern matches anything.
	 */
	public static boolean matches(String version, String pattern) {
		if (pattern == null || pattern.isEmpty()) {
			return true;
		}
		if (version == null) {
			return false;
		}
		if (version.equals(pattern)) {
			return true;
		}
		if (!isWildcard(pattern)) {
			return false;
		}
		String[] wanted = pattern.split("\\.");
		String[] actual = version.split("\\.");
		if (actual.length < wanted.length) {
			return false;
		}
		for (int i = 0; i < wanted.length; i++) {
			if (!isWildcardPart(wanted[i]) && !wanted[i].equals(actual[i])) {
				return false;
			}
		}
		return actual.length == wanted.length || isWildcardPart(wanted[wanted.length - 1]);
	}

	static boolean isWildcard(String pattern) {
		if (pattern == null) {
			return false;
		}
		for (String part : pattern.split("\\.")) {
			if (isWildcardPart(part)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isWildcardPart(String part) {
		return "x".equals(part) || "X".equals(part) || "*".equals(part);
	}

}
