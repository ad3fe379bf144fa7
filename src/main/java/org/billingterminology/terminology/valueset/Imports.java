package org.billingterminology.terminology.valueset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.billingterminology.budget.WorkBudget;
import org.billingterminology.terminology.model.Canonicals;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.VersionRules;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;

/**
 * The import graph of value sets: which value set an include's valueSet names (by canonical, or
 * #id for a contained one), every value set one imports however indirectly, and the first import
 * that is not known. A value set that imports itself, however indirectly, is an error.
 */
final class Imports {

	private static final int MAX_NESTING = 20;

	private final Snapshot snapshot;

	private final VersionRules rules;

	Imports(Snapshot snapshot, VersionRules rules) {
		this.snapshot = snapshot;
		this.rules = rules;
	}

	/** Steps into a value set on the pathway of imports; meeting one again on it is a circularity. */
	static void enter(ValueSet valueSet, List<String> pathway) {
		String id = valueSet.getUrl() + "|" + valueSet.getVersion();
		if (pathway.contains(id) || pathway.size() > MAX_NESTING) {
			throw Failures.unprocessable(IssueType.PROCESSING, "vs-invalid",
					"Found a circularity pointing to " + valueSet.getUrl() + " processing ValueSet with pathway "
							+ String.join(" -> ", pathway.stream().map(p -> p.substring(0, p.indexOf('|'))).toList()));
		}
		pathway.add(id);
	}

	/** A value set an include imports: by canonical (url or url|version), or #id for one contained in the importer. */
	ValueSet referencedValueSet(ValueSet container, String canonical) {
		if (canonical == null || canonical.isBlank()) {
			// valid FHIR when an extension stands in for the value ("valueSet": [null] with "_valueSet"),
			// but it names no value set to import
			throw Failures.invalid(IssueType.INVALID, "invalid", "The value set '" + Canonicals.describe(container)
					+ "' imports a value set (compose.include.valueSet or exclude.valueSet) that has no canonical");
		}
		if (canonical.startsWith("#")) {
			String id = canonical.substring(1);
			for (Resource contained : container.getContained()) {
				if (contained instanceof ValueSet valueSet && id.equals(contained.getIdElement().getIdPart().replace("#", ""))) {
					return valueSet;
				}
			}
		}
		String pinned = canonical.contains("|") ? canonical : pinnedVersion(canonical);
		return snapshot.valueSet(pinned, null).orElseThrow(() -> Failures.notFound(Hl7Messages.unknownValueSet(pinned)));
	}

	/** A versionless import takes the version a default-valueset-version parameter names for it. */
	private String pinnedVersion(String url) {
		String version = rules.defaultValueSetVersion(url);
		return version == null ? url : url + "|" + version;
	}

	/** Every value set this one imports, however indirectly (contained ones included). */
	List<ValueSet> importedValueSets(ValueSet valueSet) {
		List<ValueSet> found = new ArrayList<>();
		collectImports(valueSet, found);
		return found;
	}

	private void collectImports(ValueSet valueSet, List<ValueSet> found) {
		List<ConceptSetComponent> sets = new ArrayList<>(valueSet.getCompose().getInclude());
		sets.addAll(valueSet.getCompose().getExclude());
		for (ConceptSetComponent set : sets) {
			for (var canonical : set.getValueSet()) {
				ValueSet imported = referencedValueSet(valueSet, canonical.getValue());
				WorkBudget.spend(1);
				if (found.stream().noneMatch(v -> v == imported) && imported != valueSet) {
					found.add(imported);
					collectImports(imported, found);
				}
			}
		}
	}

	/**
	 * The first value set this one imports (directly or further down) that is not known, if any;
	 * a value set that imports itself, however indirectly, is an error.
	 */
	Optional<String> missingImport(ValueSet valueSet) {
		return missingImport(valueSet, new ArrayList<>(), Collections.newSetFromMap(new IdentityHashMap<>()));
	}

	/** {@code checked}: value sets whose imports are all known, so that a shared import is walked once. */
	private Optional<String> missingImport(ValueSet valueSet, List<String> seen, Set<ValueSet> checked) {
		// the pathway so far: a value set met again on it is a circularity, which enter() reports
		enter(valueSet, seen);
		WorkBudget.spend(1);
		List<ConceptSetComponent> sets = new ArrayList<>(valueSet.getCompose().getInclude());
		sets.addAll(valueSet.getCompose().getExclude());
		for (ConceptSetComponent set : sets) {
			for (var canonical : set.getValueSet()) {
				ValueSet imported;
				try {
					imported = referencedValueSet(valueSet, canonical.getValue());
				}
				catch (ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException e) {
					String value = canonical.getValue();
					return Optional.of(value.contains("|") || value.startsWith("#") ? value : pinnedVersion(value));
				}
				Optional<String> deeper = checked.contains(imported) ? Optional.empty()
						: missingImport(imported, seen, checked);
				if (deeper.isPresent()) {
					return deeper;
				}
			}
		}
		seen.remove(seen.size() - 1);
		checked.add(valueSet);
		return Optional.empty();
	}

}
