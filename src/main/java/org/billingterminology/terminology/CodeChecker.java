package org.billingterminology.terminology;

import java.util.Locale;
import java.util.Optional;

import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ValueSet;

/** Checks codings against a code system, and optionally a value set, into a {@link Validation}. */
final class CodeChecker {

	private final TerminologySnapshot snapshot;

	private final ValueSetContents contents;

	CodeChecker(TerminologySnapshot snapshot, int maxExpansionSize) {
		this.snapshot = snapshot;
		this.contents = new ValueSetContents(snapshot, maxExpansionSize);
	}

	/**
	 * @param location where the coding sits in the request, e.g. {@code Coding} or
	 * {@code CodeableConcept.coding[1]}, for the issues' expression
	 */
	void check(Coding coding, ValueSet valueSet, String location, Validation validation) {
		String system = coding.getSystem();
		String code = coding.getCode();
		validation.identity(system, code);
		if (code == null || code.isBlank()) {
			validation.error(IssueType.INVALID, "invalid-code", "No code was given", location + ".code");
			return;
		}
		if (system == null || system.isBlank()) {
			validation.error(IssueType.INVALID, "invalid-data",
					"The coding '" + code + "' has no system, so it cannot be validated", location);
			return;
		}
		Optional<CodeSystemIndex> found = snapshot.codeSystem(system, coding.getVersion());
		if (found.isEmpty()) {
			unknownSystem(coding, location, validation);
			return;
		}
		CodeSystemIndex codeSystem = found.get();
		CodeResolution resolution = CodeResolution.resolve(codeSystem, code);
		if (!resolution.isFound()) {
			validation.error(IssueType.CODEINVALID, "invalid-code", resolution.problem(), location + ".code");
			return;
		}
		ResolvedCode resolved = resolution.found();
		validation.found(system, codeSystem.version(), resolved.code(), resolved.display(), resolved.inactive());
		if (valueSet != null && contents.member(valueSet, system, resolved.code()).isEmpty()) {
			validation.error(IssueType.CODEINVALID, "not-in-vs",
					"The provided code '" + system + "#" + resolved.code() + "' was not found in the value set '"
							+ valueSet.getUrl() + (valueSet.hasVersion() ? "|" + valueSet.getVersion() : "") + "'",
					location + ".code");
			return;
		}
		if (coding.hasDisplay() && !displayMatches(resolved, coding.getDisplay())) {
			validation.error(IssueType.INVALID, "invalid-display",
					"Wrong Display Name '" + coding.getDisplay() + "' for " + system + "#" + resolved.code()
							+ ". Valid display is '" + resolved.display() + "'",
					location + ".display");
		}
		if (resolved.inactive()) {
			validation.warning(IssueType.BUSINESSRULE, "code-comment",
					"The code '" + resolved.code() + "' is valid but is not active", location + ".code");
		}
	}

	private void unknownSystem(Coding coding, String location, Validation validation) {
		if (snapshot.knowsSystem(coding.getSystem())) {
			validation.error(IssueType.NOTFOUND, "not-found",
					"A definition for CodeSystem '" + coding.getSystem() + "' version '" + coding.getVersion()
							+ "' could not be found, so the code cannot be validated. Valid versions: "
							+ snapshot.versionsOf(coding.getSystem()),
					location + ".system");
			return;
		}
		validation.error(IssueType.NOTFOUND, "not-found", "A definition for CodeSystem '" + coding.getSystem()
				+ "' could not be found, so the code cannot be validated", location + ".system");
	}

	/** Displays compare without regard to case or repeated white space, against the display and every designation. */
	static boolean displayMatches(ResolvedCode resolved, String display) {
		String wanted = normalise(display);
		if (wanted.equals(normalise(resolved.display())) || wanted.equals(normalise(resolved.concept().getDisplay()))) {
			return true;
		}
		if (resolved.isExpression()) {
			return false;
		}
		ConceptDefinitionComponent concept = resolved.concept();
		return concept.getDesignation().stream().anyMatch(d -> wanted.equals(normalise(d.getValue())));
	}

	private static String normalise(String text) {
		return text == null ? "" : text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

}
