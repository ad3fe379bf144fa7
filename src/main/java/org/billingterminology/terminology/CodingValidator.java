package org.billingterminology.terminology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;

/**
 * Checks codings against their code system and, when one is given, a value set: is the system
 * known, which version applies, is the code in it, is the display right for the languages asked
 * for, is the code active, is it in the value set. Every finding becomes an issue of a
 * {@link Validation}.
 */
final class CodingValidator {

	private final TerminologySnapshot snapshot;

	private final ValueSetContents contents;

	private final TxOptions options;

	CodingValidator(TerminologySnapshot snapshot, int maxExpansionSize, TxOptions options) {
		this.snapshot = snapshot;
		this.options = options;
		this.contents = new ValueSetContents(snapshot, maxExpansionSize, options.versions());
	}

	ValueSetContents contents() {
		return contents;
	}

	/** One coding, given as code/system/version/display parameters or as a Coding. */
	Validation validate(Coding coding, ValueSet valueSet, Paths paths) {
		Validation validation = new Validation();
		check(coding, valueSet, paths, false, validation);
		return validation;
	}

	/**
	 * A CodeableConcept is in the value set when one of its codings is; every coding's own problems
	 * are reported either way, and a coding outside the value set is only a hint.
	 */
	Validation validate(CodeableConcept concept, ValueSet valueSet) {
		Validation combined = new Validation();
		combined.codeableConcept(concept);
		Validation chosen = null;
		for (int i = 0; i < concept.getCoding().size(); i++) {
			Validation one = new Validation();
			boolean member = check(concept.getCoding().get(i), valueSet, Paths.codeableConcept(i), true, one);
			one.issues().forEach(combined::add);
			one.unknownSystems().forEach(combined::unknownSystem);
			one.causedByUnknownSystems().forEach(combined::causedByUnknownSystem);
			if (member && (chosen == null || (!chosen.isValid() && one.isValid()))) {
				chosen = one;
			}
		}
		if (chosen != null) {
			combined.identityFrom(chosen);
		}
		else if (valueSet != null) {
			combined.error(IssueType.CODEINVALID, "not-in-vs", TxMessages.noValidCoding(describe(valueSet)), null);
		}
		return combined;
	}

	/** @return whether the coding counts as a member of the value set (or, without one, as a known code) */
	private boolean check(Coding coding, ValueSet valueSet, Paths paths, boolean inConcept, Validation validation) {
		String system = coding.getSystem();
		String code = coding.getCode();
		validation.code(system, code);
		if (system == null || system.isBlank()) {
			validation.warning(IssueType.INVALID, "invalid-data", TxMessages.noSystem(), paths.root());
			notInValueSet(coding, valueSet, paths, inConcept, validation);
			return false;
		}
		if (!snapshot.knowsSystem(system)) {
			if (!isAbsolute(system)) {
				validation.error(IssueType.INVALID, "invalid-data", TxMessages.relativeSystem(), paths.system());
			}
			else if (snapshot.valueSet(system, null).isPresent()) {
				validation.error(IssueType.INVALID, "invalid-data", TxMessages.systemIsValueSet(system), paths.system());
				notInValueSet(coding, valueSet, paths, inConcept, validation);
				return false;
			}
			validation.error(IssueType.NOTFOUND, "not-found", TxMessages.unknownCodeSystem(system), paths.system());
			validation.unknownSystem(system);
			notInValueSet(coding, valueSet, paths, inConcept, validation);
			return false;
		}

		VersionChoice choice = VersionChoice.choose(snapshot, options.versions(), system, coding.getVersion(),
				includeVersion(valueSet, system, coding.getVersion()), valueSet != null, paths, validation);
		CodeSystemIndex codeSystem = choice.codeSystem();
		String reportedVersion = choice.codingVersionKnown() ? codeSystem.version() : null;
		CodeResolution resolution = CodeResolution.resolve(codeSystem, code);
		if (!resolution.isFound()) {
			Optional<String> malformed = CodeFormats.violation(codeSystem.url(), code);
			if (resolution.definite() || malformed.isPresent()) {
				validation.error(IssueType.CODEINVALID, "invalid-code", resolution.definite() ? resolution.problem()
						: TxMessages.unknownCode(code, system, codeSystem.version()) + ": " + malformed.get(), paths.code());
				validation.version(reportedVersion);
				notInValueSet(coding, valueSet, paths, inConcept, validation);
				return false;
			}
			if (codeSystem.resource().getContent() == CodeSystemContentMode.FRAGMENT) {
				validation.add(new Validation.Issue(IssueSeverity.WARNING, IssueType.CODEINVALID, "invalid-code",
						TxMessages.unknownCodeInFragment(code, system, codeSystem.version()), paths.code(), false));
				validation.version(reportedVersion);
				return true;
			}
			validation.error(IssueType.CODEINVALID, "invalid-code",
					TxMessages.unknownCode(code, system, codeSystem.version()), paths.code());
			validation.version(reportedVersion);
			notInValueSet(coding, valueSet, paths, inConcept, validation);
			return false;
		}
		ResolvedCode resolved = resolution.found();
		LanguagePreference languages = options.displayLanguage();
		validation.found(reportedVersion, displayFor(resolved, languages), resolved.inactive());
		if (!resolved.code().equals(code)) {
			validation.add(new Validation.Issue(IssueSeverity.INFORMATION, IssueType.BUSINESSRULE, "code-rule",
					TxMessages.caseDifference(code, resolved.code(), system + (codeSystem.version() == null ? ""
							: "|" + codeSystem.version())),
					paths.code(), false));
			validation.normalizedCode(resolved.code());
		}
		if (resolved.inactive()) {
			validation.warning(IssueType.BUSINESSRULE, "code-comment",
					TxMessages.inactiveConcept(resolved.code(), statusText(resolved)), paths.root());
		}
		boolean member = true;
		if (valueSet != null) {
			member = contents.member(valueSet, system, resolved.code()).isPresent();
			if (member && options.activeOnly() && resolved.inactive()) {
				validation.error(IssueType.BUSINESSRULE, "code-rule", TxMessages.notActive(resolved.code()), paths.code());
				member = false;
			}
			if (!member) {
				notInValueSet(coding, valueSet, paths, inConcept, validation);
			}
		}
		if (coding.hasDisplay() && !options.membershipOnly()) {
			checkDisplay(coding.getDisplay(), resolved, languages, paths, validation);
		}
		return member;
	}

	private void notInValueSet(Coding coding, ValueSet valueSet, Paths paths, boolean inConcept, Validation validation) {
		if (valueSet == null) {
			return;
		}
		String provided = (coding.getSystem() == null ? "" : coding.getSystem()) + "#" + coding.getCode()
				+ (coding.hasDisplay() ? " ('" + coding.getDisplay() + "')" : "");
		String text = TxMessages.notInValueSet(provided, describe(valueSet));
		if (inConcept) {
			validation.add(new Validation.Issue(IssueSeverity.INFORMATION, IssueType.CODEINVALID, "this-code-not-in-vs",
					text, paths.code(), false));
		}
		else {
			validation.error(IssueType.CODEINVALID, "not-in-vs", text, paths.code());
		}
	}

	/** The version the value set's include for this system names: the one matching the code's version when several do. */
	private static String includeVersion(ValueSet valueSet, String system, String codingVersion) {
		if (valueSet == null || !valueSet.hasCompose()) {
			return null;
		}
		List<String> versions = new ArrayList<>();
		for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			if (system.equals(include.getSystem())) {
				versions.add(include.getVersion());
			}
		}
		if (versions.isEmpty()) {
			return null;
		}
		return versions.stream()
			.filter(v -> v != null && codingVersion != null && VersionRules.matches(codingVersion, v))
			.findFirst()
			.orElse(versions.get(0));
	}

	static String describe(ValueSet valueSet) {
		if (!valueSet.hasUrl()) {
			return "(unidentified)";
		}
		return valueSet.getUrl() + (valueSet.hasVersion() ? "|" + valueSet.getVersion() : "");
	}

	private static boolean isAbsolute(String system) {
		return system.contains(":");
	}

	private static String statusText(ResolvedCode resolved) {
		String status = resolved.codeSystem().status(resolved.concept());
		return status == null || "inactive".equals(status) ? "inactive" : status + " and inactive";
	}

	/** The display to report: one in the requested language when the concept has it, else its own. */
	static String displayFor(ResolvedCode resolved, LanguagePreference languages) {
		if (languages == null || resolved.isExpression()) {
			return resolved.display();
		}
		List<Display> candidates = candidates(resolved);
		return candidates.stream()
			.filter(d -> d.language() != null && languages.accepts(d.language()))
			.min((a, b) -> Integer.compare(languages.rank(a.language()), languages.rank(b.language())))
			.map(Display::value)
			.orElse(resolved.display());
	}

	/** A valid display of a concept and its language (null when neither the designation nor the code system says). */
	record Display(String value, String language) {

		String describe() {
			return "'" + value + "'" + (language == null ? "" : " (" + language + ")");
		}

	}

	static List<Display> candidates(ResolvedCode resolved) {
		List<Display> displays = new ArrayList<>();
		String language = resolved.codeSystem().resource().hasLanguage() ? resolved.codeSystem().resource().getLanguage()
				: null;
		displays.add(new Display(resolved.display(), language));
		if (!resolved.isExpression()) {
			for (ConceptDefinitionDesignationComponent designation : resolved.concept().getDesignation()) {
				if (designation.hasLanguage() && designation.hasValue()) {
					displays.add(new Display(designation.getValue(), designation.getLanguage()));
				}
			}
		}
		return displays;
	}

	private void checkDisplay(String provided, ResolvedCode resolved, LanguagePreference languages, Paths paths,
			Validation validation) {
		List<Display> all = candidates(resolved);
		String system = resolved.system();
		String code = resolved.code();
		List<Display> valid = languages == null || languages.tags().isEmpty() ? all
				: all.stream().filter(d -> d.language() == null || languages.accepts(d.language())).toList();
		String languageText = languages == null ? "--" : languages.raw();
		IssueSeverity severity = options.lenientDisplay() ? IssueSeverity.WARNING : IssueSeverity.ERROR;
		if (valid.stream().anyMatch(d -> d.value().equals(provided))) {
			return;
		}
		if (valid.isEmpty()) {
			Optional<Display> elsewhere = all.stream().filter(d -> d.value().equals(provided)).findFirst();
			if (elsewhere.isPresent()) {
				validation.information(IssueType.INVALID, "invalid-display",
						TxMessages.noDisplayForLanguageButValid(system, code, languageText, provided), paths.display());
				return;
			}
			validation.add(new Validation.Issue(severity, IssueType.INVALID, "invalid-display",
					TxMessages.noDisplayForLanguage(provided, system, code, languageText, resolved.display()),
					paths.display(), true));
			return;
		}
		boolean whitespaceOnly = valid.stream().anyMatch(d -> normalise(d.value()).equals(normalise(provided)));
		validation.add(new Validation.Issue(severity, IssueType.INVALID, "invalid-display",
				TxMessages.wrongDisplay(provided, system, code, valid.stream().map(Display::describe).toList(),
						languageText, whitespaceOnly),
				paths.display(), true));
	}

	private static String normalise(String text) {
		return text == null ? "" : text.trim().replaceAll("\\s+", " ");
	}

}
