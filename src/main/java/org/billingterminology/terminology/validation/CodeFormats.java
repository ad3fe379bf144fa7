package org.billingterminology.terminology.validation;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of the codes of the billing code systems we host only in part. A code missing from a
 * fragment may still be real, so it is only a warning; a code that cannot be a code of the system
 * at all (wrong length or characters) is an error all the same.
 */
final class CodeFormats {

	/**
	 * CPT (AMA): four digits then a digit (Category I), F (Category II), T (Category III), U (PLA)
	 * or M (MAAA); modifiers are two characters (26, 59, 1P, P1...).
	 * HCPCS Level II (CMS): a letter A-V then four digits; modifiers are two characters (TC, XE...).
	 */
	private static final Map<String, Format> FORMATS = Map.of(
			"http://www.ama-assn.org/go/cpt", new Format("CPT", Pattern.compile("\\d{4}[0-9FTUM]|[0-9A-Z]{2}"),
					"five characters (four digits, then a digit, F, T, U or M) or a two-character modifier"),
			"http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", new Format("HCPCS Level II",
					Pattern.compile("[A-V]\\d{4}|[0-9A-Z]{2}"), "a letter A-V and four digits, or a two-character modifier"));

	private record Format(String name, Pattern pattern, String description) {
	}

	private CodeFormats() {
	}

	/** Why the code cannot belong to the system, when the system has a known code format that it breaks. */
	static Optional<String> violation(String system, String code) {
		Format format = FORMATS.get(system);
		if (format == null || code == null || format.pattern().matcher(code).matches()) {
			return Optional.empty();
		}
		return Optional.of("'" + code + "' is not a " + format.name() + " code: " + format.name() + " codes are "
				+ format.description());
	}

}
