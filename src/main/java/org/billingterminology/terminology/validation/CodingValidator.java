package org.billingterminology.terminology.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.billingterminology.terminology.model.CodeResolution;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.model.LanguagePreference;
import org.billingterminology.terminology.model.ResolvedCode;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.VersionRules;
import org.billingterminology.terminology.request.AnswerOptions;
import org.billingterminology.terminology.valueset.ConceptFilters;
import org.billingterminology.terminology.valueset.ExpansionItem;
import org.billingterminology.terminology.valueset.StatusNotes;
import org.billingterminology.terminology.valueset.ValueSetContents;
import org.hl7.fhir.r4.model.CodeSystem;
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
public final class CodingValidator {

	private final Snapshot snapshot;

	private final ValueSetContents contents;

	private final AnswerOptions options;

	/** The concept statuses (FHIR's concept-properties#status codes) worth reporting; active is not. */
	private static final java.util.Set<String> REPORTED_STATUSES = java.util.Set.of("retired", "deprecated", "withdrawn",
			"inactive", "experimental", "draft");

	/** The code system versions codes were checked in, for status notes. */
	private final List<org.hl7.fhir.r4.model.MetadataResource> consulted = new ArrayList<>();

	public CodingValidator(Snapshot snapshot, int maxExpansionSize, AnswerOptions options) {
		this.snapshot = snapshot;
		this.options = options;
		this.contents = new ValueSetContents(snapshot, maxExpansionSize, options.versions());
	}

	ValueSetContents contents() {
		return contents;
	}

	/** One coding, given as code/system/version/display parameters or as a Coding. */
	public Validation validate(Coding coding, ValueSet valueSet, CodingPaths paths) {
		Validation validation = new Validation();
		check(coding, valueSet, paths, false, validation);
		noteStatuses(valueSet, validation);
		return validation;
	}

	/** Draft, experimental, deprecated or withdrawn code systems and value sets used: information only. */
	private void noteStatuses(ValueSet valueSet, Validation validation) {
		List<org.hl7.fhir.r4.model.MetadataResource> used = new ArrayList<>(consulted);
		if (valueSet != null) {
			used.add(valueSet);
			used.addAll(contents.importedValueSets(valueSet));
		}
		StatusNotes.addTo(validation, used, valueSet);
	}


	/** Whether a coding is in the value set: yes, no, or cannot be told (the value set names a version we lack). */
	enum Membership {
		MEMBER, NOT_MEMBER, UNKNOWN
	}

	/**
	 * A CodeableConcept is in the value set when one of its codings is; every coding's own problems
	 * are reported either way, and a coding outside the value set is only a hint.
	 */
	public Validation validate(CodeableConcept concept, ValueSet valueSet) {
		Validation combined = new Validation();
		combined.codeableConcept(concept);
		Validation chosen = null;
		Validation undecided = null;
		for (int i = 0; i < concept.getCoding().size(); i++) {
			Validation one = new Validation();
			Membership membership = check(concept.getCoding().get(i), valueSet, CodingPaths.codeableConcept(i), true, one);
			one.issues().forEach(combined::add);
			one.unknownSystems().forEach(combined::unknownSystem);
			one.causedByUnknownSystems().forEach(combined::causedByUnknownSystem);
			if (membership == Membership.MEMBER && (chosen == null || (!chosen.isValid() && one.isValid()))) {
				chosen = one;
			}
			if (membership == Membership.UNKNOWN && undecided == null) {
				undecided = one;
			}
		}
		noteStatuses(valueSet, combined);
		if (chosen != null) {
			combined.identityFrom(chosen);
		}
		else if (undecided != null) {
			// membership could not be decided: say what the code is, not that it is (or is not) the answer
			combined.found(undecided.version(), undecided.display(), undecided.inactive());
		}
		else if (valueSet != null) {
			combined.error(IssueType.CODEINVALID, "not-in-vs", Hl7Messages.noValidCoding(describe(valueSet)), null);
		}
		return combined;
	}

	private Membership check(Coding coding, ValueSet valueSet, CodingPaths paths, boolean inConcept, Validation validation) {
		String system = coding.getSystem();
		String code = coding.getCode();
		validation.code(system, code);
		if (system == null || system.isBlank()) {
			validation.warning(IssueType.INVALID, "invalid-data", Hl7Messages.noSystem(), paths.root());
			notInValueSet(coding, valueSet, paths, inConcept, validation);
			return Membership.NOT_MEMBER;
		}
		if (snapshot.isSupplement(system) && !snapshot.knowsSystem(system)) {
			CodeSystem supplement = snapshot.supplement(system).orElseThrow();
			validation.error(IssueType.INVALID, "invalid-data", "CodeSystem " + StatusNotes.canonical(supplement)
					+ " is a supplement, so can't be used as a value in Coding.system", paths.system());
			validation.causedByUnknownSystem(system);
			return Membership.NOT_MEMBER;
		}
		if (!snapshot.knowsSystem(system)) {
			return unknownSystem(coding, valueSet, paths, inConcept, validation);
		}

		VersionChoice choice = VersionChoice.choose(snapshot, options.versions(), system, coding.getVersion(),
				includeVersion(valueSet, coding), valueSet != null, paths, validation);
		CodeSystemIndex codeSystem = choice.codeSystem();
		String reportedVersion = choice.codingVersionKnown() ? codeSystem.version() : null;
		CodeResolution resolution = CodeResolution.resolve(codeSystem, code);
		if (!resolution.isFound()) {
			validation.version(reportedVersion);
			if (options.membershipOnly()) {
				notInValueSet(coding, valueSet, paths, inConcept, validation);
				return Membership.NOT_MEMBER;
			}
			Optional<String> malformed = CodeFormats.violation(codeSystem.url(), code);
			if (resolution.definite() || malformed.isPresent()) {
				validation.error(IssueType.CODEINVALID, "invalid-code", resolution.definite() ? resolution.problem()
						: Hl7Messages.unknownCode(code, system, codeSystem.version()) + ": " + malformed.get(), paths.code());
				notInValueSet(coding, valueSet, paths, inConcept, validation);
				return Membership.NOT_MEMBER;
			}
			if (codeSystem.resource().getContent() == CodeSystemContentMode.FRAGMENT) {
				validation.add(new Validation.Issue(IssueSeverity.WARNING, IssueType.CODEINVALID, "invalid-code",
						Hl7Messages.unknownCodeInFragment(code, system, codeSystem.version()), paths.code(), false));
				// the code may be real: it belongs to a value set that takes the whole code system
				if (valueSet != null && !choice.includeUnresolved() && contents.member(valueSet, system, code).isEmpty()) {
					notInValueSet(coding, valueSet, paths, inConcept, validation);
					return Membership.NOT_MEMBER;
				}
				return Membership.MEMBER;
			}
			validation.error(IssueType.CODEINVALID, "invalid-code",
					Hl7Messages.unknownCode(code, system, codeSystem.version()), paths.code());
			if (!choice.includeUnresolved()) {
				notInValueSet(coding, valueSet, paths, inConcept, validation);
			}
			return Membership.NOT_MEMBER;
		}
		ResolvedCode resolved = resolution.found();
		consulted.add(codeSystem.resource());
		LanguagePreference languages = options.displayLanguage();
		validation.found(reportedVersion, displayFor(resolved, languages), resolved.inactive());
		String status = resolved.isExpression() ? null : codeSystem.status(resolved.concept());
		if (status != null && REPORTED_STATUSES.contains(status)) {
			validation.status(status);
		}
		if (!resolved.code().equals(code)) {
			validation.add(new Validation.Issue(IssueSeverity.INFORMATION, IssueType.BUSINESSRULE, "code-rule",
					Hl7Messages.caseDifference(code, resolved.code(), system + (codeSystem.version() == null ? ""
							: "|" + codeSystem.version())),
					paths.code(), false));
			validation.normalizedCode(resolved.code());
		}
		if (resolved.inactive()) {
			validation.warning(IssueType.BUSINESSRULE, "code-comment",
					Hl7Messages.inactiveConcept(resolved.code(), statusText(resolved)), paths.root());
		}
		else if ("deprecated".equals(status)) {
			validation.warning(IssueType.BUSINESSRULE, "code-comment",
					"The concept '" + resolved.code() + "' is deprecated and its use should be reviewed", paths.root());
		}
		Membership membership = Membership.MEMBER;
		if (valueSet != null && choice.includeUnresolved()) {
			membership = Membership.UNKNOWN;
		}
		else if (valueSet != null) {
			Optional<ExpansionItem> item = contents.member(valueSet, system, resolved.code());
			boolean member = item.isPresent();
			String statusHere = item.map(ExpansionItem::statusInValueSet).orElse(null);
			if (statusHere != null) {
				validation.add(new Validation.Issue(IssueSeverity.WARNING, IssueType.BUSINESSRULE, "code-comment",
						"The presence of the concept '" + resolved.code() + "' in the system '" + system
								+ "' in the value set " + describe(valueSet) + " is marked with a status of " + statusHere
								+ " and its use should be reviewed",
						paths.code(), false));
			}
			if (member && !options.flag("abstract", true) && codeSystem.isAbstract(resolved.concept())) {
				validation.error(IssueType.BUSINESSRULE, "code-rule", Hl7Messages.abstractNotAllowed(system, resolved.code()),
						paths.code());
				member = false;
			}
			boolean activeOnly = options.activeOnly() || ValueSetContents.excludesInactive(valueSet);
			if (member && activeOnly && resolved.inactive()) {
				validation.error(IssueType.BUSINESSRULE, "code-rule", Hl7Messages.notActive(resolved.code()), paths.code());
				member = false;
			}
			if (!member) {
				notInValueSet(coding, valueSet, paths, inConcept, validation);
				membership = Membership.NOT_MEMBER;
			}
		}
		if (coding.hasDisplay() && !options.membershipOnly()) {
			checkDisplay(coding.getDisplay(), resolved, languages, paths, validation);
		}
		return membership;
	}

	/**
	 * A system this server does not know. When the value set names it, whether the code is in the
	 * value set cannot be told; otherwise the code is not in it either.
	 */
	private Membership unknownSystem(Coding coding, ValueSet valueSet, CodingPaths paths, boolean inConcept,
			Validation validation) {
		String system = coding.getSystem();
		if (!isAbsolute(system)) {
			validation.error(IssueType.INVALID, "invalid-data", Hl7Messages.relativeSystem(), paths.system());
		}
		else if (snapshot.valueSet(system, null).isPresent()) {
			validation.error(IssueType.INVALID, "invalid-data", Hl7Messages.systemIsValueSet(system), paths.system());
			notInValueSet(coding, valueSet, paths, inConcept, validation);
			return Membership.NOT_MEMBER;
		}
		boolean named = valueSet != null && includesSystem(valueSet, system);
		String text;
		if (coding.hasVersion()) {
			text = Hl7Messages.unknownCodeSystemVersion(system, coding.getVersion(), List.of());
		}
		else if (valueSet != null && !named && isAbsolute(system)) {
			text = Hl7Messages.unknownCodeSystemOutsideValueSet(system);
		}
		else {
			text = Hl7Messages.unknownCodeSystem(system);
		}
		validation.error(IssueType.NOTFOUND, "not-found", text, paths.system());
		if (named) {
			validation.causedByUnknownSystem(system);
			return Membership.UNKNOWN;
		}
		validation.unknownSystem(system);
		notInValueSet(coding, valueSet, paths, inConcept, validation);
		return Membership.NOT_MEMBER;
	}

	private static boolean includesSystem(ValueSet valueSet, String system) {
		return valueSet.hasCompose()
				&& valueSet.getCompose().getInclude().stream().anyMatch(include -> system.equals(include.getSystem()));
	}

	private void notInValueSet(Coding coding, ValueSet valueSet, CodingPaths paths, boolean inConcept, Validation validation) {
		if (valueSet == null) {
			return;
		}
		String provided = (coding.getSystem() == null ? "" : coding.getSystem())
				+ (coding.hasVersion() ? "|" + coding.getVersion() : "") + "#" + coding.getCode()
				+ (coding.hasDisplay() ? " ('" + coding.getDisplay() + "')" : "");
		String text = Hl7Messages.notInValueSet(provided, describe(valueSet));
		if (inConcept) {
			validation.add(new Validation.Issue(IssueSeverity.INFORMATION, IssueType.CODEINVALID, "this-code-not-in-vs",
					text, paths.code(), false));
		}
		else {
			validation.error(IssueType.CODEINVALID, "not-in-vs", text, paths.code());
		}
	}

	/**
	 * The version the value set's include for the coding's system names. When the value set
	 * includes the system in several versions and the coding names none, the newest version that
	 * holds the code (with the coding's display, when it has one) is the one meant.
	 */
	private String includeVersion(ValueSet valueSet, Coding coding) {
		if (valueSet == null || !valueSet.hasCompose()) {
			return null;
		}
		String system = coding.getSystem();
		List<String> versions = new ArrayList<>();
		for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			if (system.equals(include.getSystem()) && !versions.contains(include.getVersion())) {
				versions.add(include.getVersion());
			}
		}
		if (versions.size() <= 1) {
			return versions.isEmpty() ? null : versions.get(0);
		}
		if (coding.hasVersion()) {
			return versions.stream()
				.filter(v -> v != null && VersionRules.matches(coding.getVersion(), v))
				.findFirst()
				.orElse(versions.get(0));
		}
		List<ConceptSetComponent> includes = new ArrayList<>(valueSet.getCompose()
			.getInclude()
			.stream()
			.filter(include -> system.equals(include.getSystem()))
			.toList());
		includes.sort((a, b) -> Snapshot.compareVersions(resolvedVersion(system, b.getVersion()),
				resolvedVersion(system, a.getVersion())));
		Optional<ConceptSetComponent> withDisplay = includes.stream().filter(i -> holds(i, coding, true)).findFirst();
		return withDisplay.or(() -> includes.stream().filter(i -> holds(i, coding, false)).findFirst())
			.orElse(includes.get(0))
			.getVersion();
	}

	private String resolvedVersion(String system, String spec) {
		return snapshot.resolveVersion(system, spec, true).map(CodeSystemIndex::version).map(String::valueOf).orElse("");
	}

	/** Whether one include of the value set takes in the coding (with its display, when asked). */
	private boolean holds(ConceptSetComponent include, Coding coding, boolean withDisplay) {
		Optional<CodeSystemIndex> codeSystem = snapshot.resolveVersion(include.getSystem(), include.getVersion(), true);
		if (codeSystem.isEmpty()) {
			return false;
		}
		CodeResolution resolution = CodeResolution.resolve(codeSystem.get(), coding.getCode());
		if (!resolution.isFound()) {
			return false;
		}
		if (include.hasConcept()
				&& include.getConcept().stream().noneMatch(c -> c.getCode().equals(resolution.found().code()))) {
			return false;
		}
		if (include.hasFilter() && (resolution.found().isExpression()
				|| !ConceptFilters.matchesAll(codeSystem.get(), resolution.found().concept(), include.getFilter()))) {
			return false;
		}
		return !withDisplay || !coding.hasDisplay()
				|| candidates(resolution.found()).stream().anyMatch(d -> d.value().equals(coding.getDisplay()));
	}

	public static String describe(ValueSet valueSet) {
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
	public static String displayFor(ResolvedCode resolved, LanguagePreference languages) {
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

	private void checkDisplay(String provided, ResolvedCode resolved, LanguagePreference languages, CodingPaths paths,
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
						Hl7Messages.noDisplayForLanguageButValid(system, code, languageText, provided), paths.display());
				return;
			}
			validation.add(new Validation.Issue(severity, IssueType.INVALID, "invalid-display",
					Hl7Messages.noDisplayForLanguage(provided, system, code, languageText, resolved.display()),
					paths.display(), true));
			return;
		}
		boolean whitespaceOnly = valid.stream().anyMatch(d -> normalise(d.value()).equals(normalise(provided)));
		validation.add(new Validation.Issue(severity, IssueType.INVALID, "invalid-display",
				Hl7Messages.wrongDisplay(provided, system, code, valid.stream().map(Display::describe).toList(),
						languageText, whitespaceOnly),
				paths.display(), true));
	}

	private static String normalise(String text) {
		return text == null ? "" : text.trim().replaceAll("\\s+", " ");
	}

}
