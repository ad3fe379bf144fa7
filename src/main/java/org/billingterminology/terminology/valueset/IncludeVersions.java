package org.billingterminology.terminology.valueset;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.VersionRules;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;

/**
 * Which version of a code system each include of a value set draws on: the forced version, else
 * the include's own (wildcards allowed), else the checked or default version of the request, else
 * the newest. The rules that decided a version are recorded for the expansion to echo.
 */
final class IncludeVersions {

	private final Snapshot snapshot;

	private final VersionRules rules;

	/** The version rules that decided a version, by parameter name then system: an expansion echoes these. */
	private final Map<String, Map<String, String>> appliedRules = new LinkedHashMap<>();

	IncludeVersions(Snapshot snapshot, VersionRules rules) {
		this.snapshot = snapshot;
		this.rules = rules;
	}

	Map<String, Map<String, String>> appliedRules() {
		return appliedRules;
	}

	/**
	 * The code system version an include draws on: the forced version, else the include's own
	 * (wildcards allowed), else the checked or default version of the request, else the newest.
	 */
	Optional<CodeSystemIndex> forMembership(ConceptSetComponent set) {
		return snapshot.resolveVersion(set.getSystem(), includeVersionSpec(set), true);
	}

	private String includeVersionSpec(ConceptSetComponent set) {
		String system = set.getSystem();
		if (rules.force(system) != null) {
			return applied("force-system-version", system, rules.force(system));
		}
		if (set.hasVersion()) {
			return set.getVersion();
		}
		if (rules.check(system) != null) {
			return applied("check-system-version", system, rules.check(system));
		}
		if (rules.defaultVersion(system) != null) {
			return applied("system-version", system, rules.defaultVersion(system));
		}
		return null;
	}

	private String applied(String rule, String system, String version) {
		appliedRules.computeIfAbsent(rule, k -> new LinkedHashMap<>()).put(system, version);
		return version;
	}

	CodeSystemIndex forExpansion(ConceptSetComponent set) {
		String system = set.getSystem();
		if (!snapshot.knowsSystem(system)) {
			throw Failures.notFound("A definition for CodeSystem '" + system
					+ "' could not be found, so the value set cannot be expanded");
		}
		String spec = includeVersionSpec(set);
		CodeSystemIndex resolved = snapshot.resolveVersion(system, spec, true)
			.orElseThrow(() -> Failures.notFound(Hl7Messages.unknownCodeSystemVersionForExpansion(system, spec,
					snapshot.knownVersions(system))));
		String check = rules.check(system);
		if (check != null && !VersionRules.matches(resolved.version(), check)) {
			throw Failures.unprocessable(IssueType.EXCEPTION, "version-error",
					Hl7Messages.versionCheck(system, resolved.version(), check));
		}
		return resolved;
	}

}
