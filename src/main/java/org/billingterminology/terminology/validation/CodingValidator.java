package org.billingterminology.terminology.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.billingterminology.terminology.model.Canonicals;
import org.billingterminology.terminology.model.CodeResolution;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Displays;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.model.ResolvedCode;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.request.AnswerOptions;
import org.billingterminology.terminology.request.OperationRequest;
import org.billingterminology.terminology.valueset.ExpansionItem;
import org.billingterminology.terminology.valueset.StatusNotes;
import org.billingterminology.terminology.valueset.ValueSetContents;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Checks codings against their code system and, when one is given, a value set: is the system
 * known, which version applies, is the code in it, is the display right for the languages asked
 * for, is the code active, is it in the value set. Every finding becomes an issue of a
 * {@link Validation}.
 */
final class CodingValidator {

	/** The concept statuses (FHIR's concept-properties#status codes) worth reporting; active is not. */
	private static final String NOT_IN_VALUE_SET = "None_of_the_provided_codes_are_in_the_value_set_one";

	private static final Set<String> REPORTED_STATUSES = Set.of("retired", "deprecated", "withdrawn", "inactive",
			"experimental", "draft");

	private final Snapshot snapshot;

	private final ValueSetContents contents;

	private final AnswerOptions options;

	private final IncludeVersion includeVersion;

	/** The code system versions codes were checked in, for status notes. */
	private final List<MetadataResource> consulted = new ArrayList<>();

	CodingValidator(OperationRequest request, int maxExpansionSize) {
		this.snapshot = request.snapshot();
		this.options = request.options();
		this.contents = new ValueSetContents(snapshot, maxExpansionSize, options.versions());
		this.includeVersion = new IncludeVersion(snapshot);
	}

	ValueSetContents contents() {
		return contents;
	}

	/** Whether a coding is in the value set: yes, no, or cannot be told (the value set names a version we lack). */
	enum Membership {
		MEMBER, NOT_MEMBER, UNKNOWN
	}

	/** One coding, given as code/system/version/display parameters or as a Coding. */
	Validation validate(Coding coding, ValueSet valueSet, CodingPaths paths) {
		Validation validation = new Validation();
		check(coding, valueSet, paths, false, validation);
		noteStatuses(valueSet, validation);
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
			combined.error(IssueType.CODEINVALID, "not-in-vs", "TX_GENERAL_CC_ERROR_MESSAGE", Hl7Messages.noValidCoding(Canonicals.describe(valueSet)),
					null);
		}
		return combined;
	}

	/** Draft, experimental, deprecated or withdrawn code systems and value sets used: information only. */
	private void noteStatuses(ValueSet valueSet, Validation validation) {
		List<MetadataResource> used = new ArrayList<>(consulted);
		if (valueSet != null) {
			used.add(valueSet);
			used.addAll(contents.importedValueSets(valueSet));
		}
		StatusNotes.references(used, valueSet)
			.forEach(note -> validation.add(new Validation.Issue(IssueSeverity.INFORMATION, IssueType.BUSINESSRULE,
					"status-check", note, null, false)));
	}

	private Membership check(Coding coding, ValueSet valueSet, CodingPaths paths, boolean inConcept,
			Validation validation) {
		Finding finding = new Finding(coding, valueSet, paths, inConcept, validation);
		String system = coding.getSystem();
		validation.code(system, coding.getCode());
		if (system == null || system.isBlank()) {
			if (valueSet == null) {
				// CodeSystem/$validate-code names no code system at all: nothing can say the code is valid
				validation.error(IssueType.INVALID, "invalid-data", Hl7Messages.noSystem(), paths.root());
				return Membership.NOT_MEMBER;
			}
			validation.warning(IssueType.INVALID, "invalid-data", Hl7Messages.noSystem(), paths.root());
			return finding.notInValueSet();
		}
		if (snapshot.isSupplement(system) && !snapshot.knowsSystem(system)) {
			CodeSystem supplement = snapshot.supplement(system).orElseThrow();
			validation.error(IssueType.INVALID, "invalid-data", "CodeSystem " + Canonicals.of(supplement)
					+ " is a supplement, so can't be used as a value in Coding.system", paths.system());
			validation.causedByUnknownSystem(system);
			return Membership.NOT_MEMBER;
		}
		if (!snapshot.knowsSystem(system)) {
			return new UnknownSystem(snapshot).check(finding);
		}
		VersionChoice choice = VersionChoice.choose(snapshot, options.versions(), system, coding.getVersion(),
				includeVersion.of(valueSet, coding), valueSet != null, paths, validation);
		CodeResolution resolution = CodeResolution.resolve(choice.codeSystem(), coding.getCode());
		if (!resolution.isFound()) {
			validation.version(choice.codingVersionKnown() ? choice.codeSystem().version() : null);
			return codeNotFound(finding, choice, resolution);
		}
		consulted.add(choice.codeSystem().resource());
		return codeFound(finding, choice, resolution.found());
	}

	/** One coding being checked, and where its findings go. */
	record Finding(Coding coding, ValueSet valueSet, CodingPaths paths, boolean inConcept, Validation validation) {

		/** The coding is not in the value set (when there is one): an error, or a hint inside a CodeableConcept. */
		Membership notInValueSet() {
			if (valueSet == null) {
				return Membership.NOT_MEMBER;
			}
			String provided = Canonicals.of(coding.getSystem() == null ? "" : coding.getSystem(),
					coding.hasVersion() ? coding.getVersion() : null) + "#" + coding.getCode()
					+ (coding.hasDisplay() ? " ('" + coding.getDisplay() + "')" : "");
			String text = Hl7Messages.notInValueSet(provided, Canonicals.describe(valueSet));
			if (inConcept) {
				validation.add(new Validation.Issue(IssueSeverity.INFORMATION, IssueType.CODEINVALID,
						"this-code-not-in-vs", text, paths.code(), false, NOT_IN_VALUE_SET));
			}
			else {
				validation.error(IssueType.CODEINVALID, "not-in-vs", NOT_IN_VALUE_SET, text, paths.code());
			}
			return Membership.NOT_MEMBER;
		}

	}

	private Membership codeNotFound(Finding finding, VersionChoice choice, CodeResolution resolution) {
		Validation validation = finding.validation();
		String code = finding.coding().getCode();
		String system = finding.coding().getSystem();
		CodeSystemIndex codeSystem = choice.codeSystem();
		if (options.membershipOnly()) {
			return finding.notInValueSet();
		}
		Optional<String> malformed = CodeFormats.violation(codeSystem.url(), code);
		if (resolution.definite() || malformed.isPresent()) {
			validation.error(IssueType.CODEINVALID, "invalid-code", resolution.definite() ? resolution.problem()
					: Hl7Messages.unknownCode(code, system, codeSystem.version()) + ": " + malformed.get(),
					finding.paths().code());
			return finding.notInValueSet();
		}
		if (codeSystem.resource().getContent() == CodeSystemContentMode.FRAGMENT) {
			validation.add(new Validation.Issue(IssueSeverity.WARNING, IssueType.CODEINVALID, "invalid-code",
					Hl7Messages.unknownCodeInFragment(code, system, codeSystem.version()), finding.paths().code(), false,
					"UNKNOWN_CODE_IN_FRAGMENT"));
			// the code may be real: it belongs to a value set that takes the whole code system
			ValueSet valueSet = finding.valueSet();
			if (valueSet != null && !choice.includeUnresolved() && contents.member(valueSet, system, code).isEmpty()) {
				return finding.notInValueSet();
			}
			return Membership.MEMBER;
		}
		validation.error(IssueType.CODEINVALID, "invalid-code", "Unknown_Code_in_Version",
				Hl7Messages.unknownCode(code, system, codeSystem.version()),
				finding.paths().code());
		return choice.includeUnresolved() ? Membership.NOT_MEMBER : finding.notInValueSet();
	}

	private Membership codeFound(Finding finding, VersionChoice choice, ResolvedCode resolved) {
		Validation validation = finding.validation();
		CodeSystemIndex codeSystem = choice.codeSystem();
		String code = finding.coding().getCode();
		validation.found(choice.codingVersionKnown() ? codeSystem.version() : null,
				Displays.displayFor(resolved, options.displayLanguage()), resolved.inactive());
		String status = resolved.isExpression() ? null : codeSystem.status(resolved.concept());
		if (status != null && REPORTED_STATUSES.contains(status)) {
			validation.status(status);
		}
		if (!resolved.code().equals(code)) {
			validation.add(new Validation.Issue(IssueSeverity.INFORMATION, IssueType.BUSINESSRULE, "code-rule",
					Hl7Messages.caseDifference(code, resolved.code(),
							Canonicals.of(finding.coding().getSystem(), codeSystem.version())),
					finding.paths().code(), false));
			validation.normalizedCode(resolved.code());
		}
		if (resolved.inactive()) {
			validation.warning(IssueType.BUSINESSRULE, "code-comment", "INACTIVE_CONCEPT_FOUND",
					Hl7Messages.inactiveConcept(resolved.code(), statusText(resolved)), finding.paths().root());
		}
		else if ("deprecated".equals(status)) {
			validation.warning(IssueType.BUSINESSRULE, "code-comment", "DEPRECATED_CONCEPT_FOUND",
					"The concept '" + resolved.code() + "' is deprecated and its use should be reviewed",
					finding.paths().root());
		}
		Membership membership = membership(finding, choice, resolved);
		if (finding.coding().hasDisplay() && !options.membershipOnly()) {
			new DisplayCheck(options).check(finding.coding().getDisplay(), resolved, finding.paths(), validation);
		}
		return membership;
	}

	/** Whether a code the code system holds is in the value set, and what the value set says of it there. */
	private Membership membership(Finding finding, VersionChoice choice, ResolvedCode resolved) {
		ValueSet valueSet = finding.valueSet();
		if (valueSet == null) {
			return Membership.MEMBER;
		}
		if (choice.includeUnresolved()) {
			return Membership.UNKNOWN;
		}
		Validation validation = finding.validation();
		String system = finding.coding().getSystem();
		Optional<ExpansionItem> item = contents.member(valueSet, system, resolved.code());
		boolean member = item.isPresent();
		String statusHere = item.map(ExpansionItem::statusInValueSet).orElse(null);
		if (statusHere != null) {
			validation.add(new Validation.Issue(IssueSeverity.WARNING, IssueType.BUSINESSRULE, "code-comment",
					"The presence of the concept '" + resolved.code() + "' in the system '" + system + "' in the value set "
							+ Canonicals.describe(valueSet) + " is marked with a status of " + statusHere
							+ " and its use should be reviewed",
					finding.paths().code(), false));
		}
		if (member && !options.flag("abstract", true) && choice.codeSystem().isAbstract(resolved.concept())) {
			validation.error(IssueType.BUSINESSRULE, "code-rule", Hl7Messages.abstractNotAllowed(system, resolved.code()),
					finding.paths().code());
			member = false;
		}
		boolean activeOnly = options.activeOnly() || ValueSetContents.excludesInactive(valueSet);
		if (member && activeOnly && resolved.inactive()) {
			validation.error(IssueType.BUSINESSRULE, "code-rule", Hl7Messages.notActive(resolved.code()),
					finding.paths().code());
			member = false;
		}
		return member ? Membership.MEMBER : finding.notInValueSet();
	}

	private static String statusText(ResolvedCode resolved) {
		String status = resolved.codeSystem().status(resolved.concept());
		return status == null || "inactive".equals(status) ? "inactive" : status + " and inactive";
	}

}
