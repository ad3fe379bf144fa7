package org.billingterminology.terminology.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.billingterminology.terminology.model.CodeResolution;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Displays;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.VersionRules;
import org.billingterminology.terminology.valueset.ConceptFilters;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;

/**
 * The version the value set's include for a coding's system names. When the value set includes
 * the system in several versions and the coding names none, the newest version that holds the
 * code (with the coding's display, when it has one) is the one meant.
 */
final class IncludeVersion {

	private final Snapshot snapshot;

	IncludeVersion(Snapshot snapshot) {
		this.snapshot = snapshot;
	}

	/** The include's version, or null when versionless or when there is no value set. */
	String of(ValueSet valueSet, Coding coding) {
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
				|| Displays.candidates(resolution.found()).stream().anyMatch(d -> d.value().equals(coding.getDisplay()));
	}

}
