package org.billingterminology.terminology.model;

import java.util.List;

/**
 * The texts of terminology findings. They follow the wording HL7's validator and tx.fhir.org use
 * (the terminology ecosystem tests compare them), so that a client sees the same sentence for the
 * same problem whichever server it asks.
 */
public final class Hl7Messages {

	private Hl7Messages() {
	}

	public static String unknownCodeSystem(String system) {
		return "A definition for CodeSystem '" + system + "' could not be found, so the code cannot be validated";
	}

	/** The unquoted form tx.fhir.org uses for a system the value set does not mention either. */
	public static String unknownCodeSystemOutsideValueSet(String system) {
		return "A definition for CodeSystem " + system + " could not be found, so the code cannot be validated";
	}

	public static String unknownCodeSystemVersion(String system, String version, List<String> known) {
		if (known.isEmpty()) {
			return "A definition for CodeSystem '" + system + "' version '" + version
					+ "' could not be found, so the code cannot be validated. No versions of this code system are known";
		}
		return "A definition for CodeSystem '" + system + "' version '" + version
				+ "' could not be found, so the code cannot be validated. Valid versions: " + String.join(" or ", known);
	}

	public static String unknownCodeSystemVersionForExpansion(String system, String version, List<String> known) {
		return "A definition for CodeSystem '" + system + "' version '" + version
				+ "' could not be found, so the value set cannot be expanded. Valid versions: " + String.join(" or ", known);
	}

	public static String unknownValueSet(String canonical) {
		return "A definition for the value Set '" + canonical + "' could not be found";
	}

	public static String unknownCode(String code, String system, String version) {
		return version == null ? "Unknown code '" + code + "' in the CodeSystem '" + system + "'"
				: "Unknown code '" + code + "' in the CodeSystem '" + system + "' version '" + version + "'";
	}

	public static String unknownCodeInFragment(String code, String system, String version) {
		return "Unknown Code '" + code + "' in the CodeSystem '" + system + "' version '" + version
				+ "' - note that the code system is labeled as a fragment, so the code may be valid in some other fragment";
	}

	/** @param provided the coding as given: system#code, with its display when it has one */
	public static String notInValueSet(String provided, String valueSet) {
		return "The provided code '" + provided + "' was not found in the value set '" + valueSet + "'";
	}

	public static String noValidCoding(String valueSet) {
		return "No valid coding was found for the value set '" + valueSet + "'";
	}

	public static String noSystem() {
		return "Coding has no system. A code with no system has no defined meaning, and it cannot be validated. A system should be provided";
	}

	public static String relativeSystem() {
		return "Coding.system must be an absolute reference, not a local reference";
	}

	public static String systemIsValueSet(String system) {
		return "The Coding references a value set, not a code system ('" + system + "')";
	}

	public static String inactiveConcept(String code, String status) {
		return "The concept '" + code + "' has a status of " + status + " and its use should be reviewed";
	}

	public static String notActive(String code) {
		return "The concept '" + code + "' is valid but is not active";
	}

	public static String caseDifference(String code, String correct, String system) {
		return "The code '" + code + "' differs from the correct code '" + correct + "' by case. Although the code system '"
				+ system + "' is case insensitive, implementers are strongly encouraged to use the correct case anyway";
	}

	public static String versionMismatch(String system, String includeVersion, String codingVersion) {
		return "The code system '" + system + "' version '" + includeVersion
				+ "' in the ValueSet include is different to the one in the value ('" + codingVersion + "')";
	}

	public static String versionMismatchChanged(String system, String version, String includeVersion, String codingVersion) {
		return "The code system '" + system + "' version '" + version + "' resulting from the version '" + includeVersion
				+ "' in the ValueSet include is different to the one in the value ('" + codingVersion + "')";
	}

	public static String versionMismatchDefault(String system, String version, String codingVersion) {
		return "The code system '" + system + "' version '" + version
				+ "' for the versionless include in the ValueSet include is different to the one in the value ('"
				+ codingVersion + "')";
	}

	public static String versionCheck(String system, String version, String required) {
		return "The version '" + version + "' is not allowed for system '" + system + "': required to be '" + required
				+ "' by a version-check parameter";
	}

	public static String wrongDisplay(String display, String system, String code, List<String> valid, String languages,
			boolean whitespaceOnly) {
		String prefix = whitespaceOnly ? "Wrong whitespace in Display Name '" : "Wrong Display Name '";
		String choices = valid.size() == 1 ? valid.get(0)
				: "one of " + valid.size() + " choices: " + String.join(" or ", valid);
		return prefix + display + "' for " + system + "#" + code + ". Valid display is " + choices
				+ " (for the language(s) '" + languages + "')";
	}

	public static String noDisplayForLanguageButValid(String system, String code, String languages, String display) {
		return "There are no valid display names found for the code " + system + "#" + code + " for language(s) '"
				+ languages + "'. The display is '" + display + "' which is a valid display for the default language";
	}

	public static String noDisplayForLanguage(String display, String system, String code, String languages,
			String defaultDisplay) {
		return "Wrong Display Name '" + display + "' for " + system + "#" + code
				+ ". There are no valid display names found for language(s) '" + languages + "'. Default display is '"
				+ defaultDisplay + "'";
	}

	public static String cannotInferSystem(String code, String valueSet) {
		return "The System URI could not be determined for the code '" + code + "' in the ValueSet '" + valueSet + "'";
	}

	public static String abstractNotAllowed(String system, String code) {
		return "Code '" + system + "#" + code + "' is abstract, and not allowed in this context";
	}

	/** A retired designation given as display; HL7's text names every retired status "deprecated". */
	public static String retiredDisplay(String display, String code, List<String> valid) {
		return "'" + display + "' is no longer considered a correct display for code '" + code
				+ "' (status = deprecated). The correct display is one of "
				+ String.join(", ", valid.stream().map(value -> "\"" + value + "\"").toList()) + ".";
	}

}
