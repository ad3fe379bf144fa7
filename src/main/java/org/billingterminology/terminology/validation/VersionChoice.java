package org.billingterminology.terminology.validation;

import java.util.List;

import org.billingterminology.terminology.model.Canonicals;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.VersionRules;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Which version of a known code system a code is checked in, and what is wrong with the versions
 * involved. Three voices say which version: the code's own (coding.version / systemVersion), the
 * value set's include, and the request's version rules (force beats the include, the include beats
 * the code, a default or check fills in for a versionless include). Where they disagree the answer
 * says so, in the terms HL7's validator uses.
 */
final class VersionChoice {

	private final CodeSystemIndex codeSystem;

	private final boolean codingVersionKnown;

	private final boolean includeUnresolved;

	private VersionChoice(CodeSystemIndex codeSystem, boolean codingVersionKnown, boolean includeUnresolved) {
		this.codeSystem = codeSystem;
		this.codingVersionKnown = codingVersionKnown;
		this.includeUnresolved = includeUnresolved;
	}

	/** True when the value set names a version this server lacks: whether the code is in it cannot be told. */
	boolean includeUnresolved() {
		return includeUnresolved;
	}

	/** The version the code is checked in. */
	CodeSystemIndex codeSystem() {
		return codeSystem;
	}

	/** False when the code named a version this server does not have (its answer then reports no version). */
	boolean codingVersionKnown() {
		return codingVersionKnown;
	}

	/**
	 * @param includeVersion the version the value set's include names, null when versionless or
	 * when there is no value set
	 * @param inValueSet whether a value set is involved (versionless-include findings need one)
	 */
	static VersionChoice choose(Snapshot snapshot, VersionRules rules, String system, String codingVersion,
			String includeVersion, boolean inValueSet, CodingPaths paths, Validation validation) {
		List<String> known = snapshot.knownVersions(system);
		boolean codingKnown = codingVersion == null || snapshot.resolveVersion(system, codingVersion, false).isPresent();
		String force = rules.force(system);
		String check = rules.check(system);
		String fallback = rules.defaultVersion(system);

		Asked asked = asked(force, check, fallback, includeVersion, codingVersion, codingKnown);
		String spec = asked.spec();

		CodeSystemIndex resolved;
		if (spec == null) {
			resolved = codingVersion != null && codingKnown && !inValueSet
					? snapshot.resolveVersion(system, codingVersion, false).orElse(null)
					: snapshot.codeSystem(system, null).orElse(null);
		}
		else if (codingVersion != null && codingKnown && VersionRules.matches(codingVersion, spec)) {
			resolved = snapshot.resolveVersion(system, codingVersion, false).orElse(null);
		}
		else {
			resolved = snapshot.resolveVersion(system, spec, true).orElse(null);
		}

		if (resolved == null) {
			// the value set (or a rule) names a version this server does not have
			validation.error(IssueType.NOTFOUND, "not-found", "UNKNOWN_CODESYSTEM_VERSION",
					Hl7Messages.unknownCodeSystemVersion(system, spec, known),
					paths.system());
			validation.causedByUnknownSystem(Canonicals.of(system, spec));
			if (codingVersion != null && !codingVersion.equals(spec)) {
				validation.error(IssueType.INVALID, "vs-invalid",
						Hl7Messages.versionMismatch(system, spec, codingVersion), paths.version());
			}
			CodeSystemIndex instead = codingKnown && codingVersion != null
					? snapshot.resolveVersion(system, codingVersion, false).orElse(null)
					: snapshot.resolveVersion(system, check != null ? check : fallback, true)
						.orElse(snapshot.codeSystem(system, null).orElse(null));
			return new VersionChoice(instead, codingKnown, true);
		}

		if (codingVersion != null && !VersionRules.matches(codingVersion, spec == null ? resolved.version() : spec)
				&& !codingVersion.equals(resolved.version())) {
			reportMismatch(system, codingVersion, codingKnown, includeVersion, inValueSet, asked, resolved, paths,
					validation);
		}
		if (codingVersion != null && !codingKnown) {
			validation.error(IssueType.NOTFOUND, "not-found", "UNKNOWN_CODESYSTEM_VERSION",
					Hl7Messages.unknownCodeSystemVersion(system, codingVersion, known), paths.system());
			validation.causedByUnknownSystem(Canonicals.of(system, codingVersion));
		}
		if (check != null && !VersionRules.matches(resolved.version(), check)) {
			validation.error(IssueType.EXCEPTION, "version-error", Hl7Messages.versionCheck(system, resolved.version(), check),
					paths.version());
		}
		return new VersionChoice(resolved, codingKnown, false);
	}

	/** What the value set, or the rules standing in for it, ask for; changedFrom is the version a forced one replaced. */
	private record Asked(String spec, String changedFrom) {
	}

	private static Asked asked(String force, String check, String fallback, String includeVersion, String codingVersion,
			boolean codingKnown) {
		if (force != null) {
			return new Asked(force, includeVersion == null ? "" : includeVersion);
		}
		if (includeVersion != null) {
			return new Asked(includeVersion, null);
		}
		if (codingVersion == null) {
			return new Asked(check != null ? check : fallback, null);
		}
		if (codingKnown) {
			return new Asked(null, null);
		}
		String spec = check != null ? check : fallback;
		return new Asked(spec, spec == null ? null : "");
	}

	/** The code names another version than the one it is checked in. */
	private static void reportMismatch(String system, String codingVersion, boolean codingKnown, String includeVersion,
			boolean inValueSet, Asked asked, CodeSystemIndex resolved, CodingPaths paths, Validation validation) {
		if (asked.changedFrom() != null) {
			validation.error(IssueType.INVALID, "vs-invalid",
					Hl7Messages.versionMismatchChanged(system, asked.spec(), asked.changedFrom(), codingVersion),
					paths.version());
		}
		else if (inValueSet && includeVersion == null && asked.spec() == null && !codingKnown) {
			validation.add(new Validation.Issue(IssueSeverity.WARNING, IssueType.INVALID, "vs-invalid",
					Hl7Messages.versionMismatchDefault(system, resolved.version(), codingVersion), paths.version(), false));
		}
		else if (inValueSet) {
			validation.error(IssueType.INVALID, "vs-invalid", Hl7Messages.versionMismatch(system,
					includeVersion != null ? includeVersion : resolved.version(), codingVersion), paths.version());
		}
	}

}
