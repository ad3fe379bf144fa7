package org.billingterminology.terminology.valueset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.billingterminology.budget.WorkBudget;
import org.billingterminology.terminology.model.Canonicals;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.VersionRules;
import org.billingterminology.terminology.request.AnswerOptions;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;

/**
 * What a ValueSet contains, worked out from its compose (include, exclude, filters, other value
 * sets) against one snapshot: the whole list for $expand ({@link #members}), or one code for
 * $validate-code without listing the rest ({@link #member}). The version of each included code
 * system follows the request's version rules ({@link IncludeVersions}); the code systems and value
 * sets used are recorded for the expansion.
 */
public final class ValueSetContents {

	private final Snapshot snapshot;

	private final int maxSize;

	private final Imports imports;

	private final IncludeVersions versions;

	private final MembershipTest membership;

	private final Map<String, CodeSystemIndex> usedCodeSystems = new LinkedHashMap<>();

	private final Map<String, ValueSet> usedValueSets = new LinkedHashMap<>();

	/** Whether codes were matched across versions of a system (the expansion then says versionsMatch). */
	private boolean versionsMatched;

	private TextFilter textFilter;

	/**
	 * The members of each value set already worked out for this request, so that one imported from
	 * many places (or nested many times over in a tx-resource) is expanded once, not exponentially
	 * often.
	 */
	private final Map<ValueSet, Map<String, ExpansionItem>> expanded = new IdentityHashMap<>();

	public ValueSetContents(Snapshot snapshot, int maxSize) {
		this(snapshot, maxSize, VersionRules.NONE);
	}

	public ValueSetContents(Snapshot snapshot, int maxSize, VersionRules rules) {
		this.snapshot = snapshot;
		this.maxSize = maxSize;
		this.imports = new Imports(snapshot, rules);
		this.versions = new IncludeVersions(snapshot, rules);
		this.membership = new MembershipTest(snapshot, imports, versions);
	}

	/** The code system versions the last {@link #members} call drew codes from, keyed url|version. */
	public Map<String, CodeSystemIndex> usedCodeSystems() {
		return usedCodeSystems;
	}

	/** The value sets the last {@link #members} call imported, by url|version. */
	public Map<String, ValueSet> usedValueSets() {
		return usedValueSets;
	}

	/** The version rules that decided a version, by parameter name then system: an expansion echoes these. */
	public Map<String, Map<String, String>> appliedRules() {
		return versions.appliedRules();
	}

	public boolean versionsMatched() {
		return versionsMatched;
	}

	/** compose.inactive = false: the value set leaves inactive codes out. */
	public static boolean excludesInactive(ValueSet valueSet) {
		return valueSet.hasCompose() && valueSet.getCompose().hasInactive() && !valueSet.getCompose().getInactive();
	}

	/**
	 * Leaves out, while walking, the concepts of whole code systems that an $expand filter would
	 * drop anyway, so that a filtered expansion of a large code system does not build an item for
	 * every concept. The caller still applies the filter to the members.
	 */
	public ValueSetContents onlyMatching(TextFilter filter) {
		this.textFilter = filter;
		expanded.clear();
		return this;
	}

	/** Every member in compose order, each code (of each version) once. */
	public List<ExpansionItem> members(ValueSet valueSet) {
		return new ArrayList<>(members(valueSet, new ArrayList<>()).values());
	}

	/** The member for one code, if the value set holds it; the code may be a CPT-style expression. */
	public Optional<ExpansionItem> member(ValueSet valueSet, String system, String code) {
		return membership.member(valueSet, system, code);
	}

	/** Every value set this one imports, however indirectly (contained ones included). */
	public List<ValueSet> importedValueSets(ValueSet valueSet) {
		return imports.importedValueSets(valueSet);
	}

	/**
	 * The first value set this one imports (directly or further down) that is not known, if any;
	 * a value set that imports itself, however indirectly, is an error.
	 */
	public Optional<String> missingImport(ValueSet valueSet) {
		return imports.missingImport(valueSet);
	}

	private Map<String, ExpansionItem> members(ValueSet valueSet, List<String> pathway) {
		Imports.enter(valueSet, pathway);
		try {
			Map<String, ExpansionItem> known = expanded.get(valueSet);
			if (known != null) {
				return known;
			}
			WorkBudget.spend(1);
			Map<String, ExpansionItem> members = membersOf(valueSet, pathway);
			expanded.put(valueSet, members);
			return members;
		}
		finally {
			pathway.remove(pathway.size() - 1);
		}
	}

	private Map<String, ExpansionItem> membersOf(ValueSet valueSet, List<String> pathway) {
		Map<String, ExpansionItem> members = new LinkedHashMap<>();
		if (!valueSet.hasCompose() && valueSet.hasExpansion()) {
			ConceptSets.addContains(snapshot, valueSet.getExpansion().getContains(), members);
			return members;
		}
		List<ConceptSetComponent> includes = orderedIncludes(valueSet);
		for (int i = 0; i < includes.size(); i++) {
			ConceptSetComponent include = includes.get(i);
			String where = "include[" + valueSet.getCompose().getInclude().indexOf(include) + "]";
			for (ExpansionItem item : conceptSet(valueSet, include, where, pathway)) {
				members.putIfAbsent(item.key(), item);
				if (members.size() > maxSize) {
					throw Failures.tooCostly("The value set '" + Canonicals.describe(valueSet)
							+ "' expansion has too many codes to produce (more than " + maxSize + ")");
				}
			}
		}
		String versionsMatch = expansionParameter(valueSet, "versionsMatch");
		List<ConceptSetComponent> excludes = valueSet.getCompose().getExclude();
		for (int i = 0; i < excludes.size(); i++) {
			ConceptSetComponent exclude = excludes.get(i);
			// an exclude that lists codes of a version names exactly those; a whole-system exclude
			// takes the codes out of every version, unless the value set says versions must match
			boolean sameVersionOnly = exclude.hasConcept() || "false".equals(versionsMatch);
			// one pass over the members, not one per excluded code
			Set<String> excluded = new HashSet<>();
			for (ExpansionItem item : conceptSet(valueSet, exclude, "exclude[" + i + "]", pathway)) {
				excluded.add(excludeKey(item, sameVersionOnly));
			}
			members.values().removeIf(item -> excluded.contains(excludeKey(item, sameVersionOnly)));
		}
		if ("true".equals(versionsMatch)) {
			mergeVersions(members);
		}
		if ("true".equals(versionsMatch) || versionsMatch == null && excludesAcrossVersions(valueSet)) {
			versionsMatched = true;
		}
		if (excludesInactive(valueSet)) {
			members.values().removeIf(ExpansionItem::inactive);
		}
		return members;
	}

	private static String excludeKey(ExpansionItem item, boolean withVersion) {
		return item.system() + "|" + item.code() + (withVersion ? "|" + item.version() : "");
	}

	/** versionsMatch=true: a code present in several versions of a system appears once, from the newest. */
	private static void mergeVersions(Map<String, ExpansionItem> members) {
		Map<String, ExpansionItem> newest = new LinkedHashMap<>();
		for (ExpansionItem item : members.values()) {
			newest.merge(item.system() + "|" + item.code(), item, (a, b) -> compare(b, a) > 0 ? b : a);
		}
		members.values().removeIf(item -> newest.get(item.system() + "|" + item.code()) != item);
	}

	/** A whole-system exclude of one version applied to codes of another (matched by code: versionsMatch). */
	private static boolean excludesAcrossVersions(ValueSet valueSet) {
		for (ConceptSetComponent exclude : valueSet.getCompose().getExclude()) {
			if (exclude.hasSystem() && !exclude.hasConcept() && valueSet.getCompose()
				.getInclude()
				.stream()
				.anyMatch(include -> exclude.getSystem().equals(include.getSystem())
						&& !String.valueOf(exclude.getVersion()).equals(String.valueOf(include.getVersion())))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Includes pinned to a version come first, newest version first, then versionless ones: where
	 * one code comes from several versions, the pinned newest is listed first.
	 */
	private static List<ConceptSetComponent> orderedIncludes(ValueSet valueSet) {
		List<ConceptSetComponent> includes = new ArrayList<>(valueSet.getCompose().getInclude());
		includes.sort((a, b) -> {
			if (a.hasVersion() != b.hasVersion()) {
				return a.hasVersion() ? -1 : 1;
			}
			return a.hasVersion() && a.hasSystem() && a.getSystem().equals(b.getSystem())
					? Snapshot.compareVersions(b.getVersion(), a.getVersion()) : 0;
		});
		return includes;
	}

	private static int compare(ExpansionItem a, ExpansionItem b) {
		return Snapshot.compareVersions(String.valueOf(a.version()), String.valueOf(b.version()));
	}

	private static String expansionParameter(ValueSet valueSet, String name) {
		return valueSet.getCompose()
			.getExtension()
			.stream()
			.filter(e -> AnswerOptions.EXPANSION_PARAMETER.equals(e.getUrl()) && e.getExtensionByUrl("name") != null
					&& name.equals(e.getExtensionByUrl("name").getValue().primitiveValue()) && e.getExtensionByUrl("value") != null)
			.map(e -> e.getExtensionByUrl("value").getValue().primitiveValue())
			.findFirst()
			.orElse(null);
	}

	private List<ExpansionItem> conceptSet(ValueSet container, ConceptSetComponent set, String where,
			List<String> pathway) {
		List<Map<String, ExpansionItem>> valueSets = new ArrayList<>();
		for (var canonical : set.getValueSet()) {
			ValueSet imported = imports.referencedValueSet(container, canonical.getValue());
			if (!canonical.getValue().startsWith("#")) {
				usedValueSets.put(Canonicals.of(imported), imported);
			}
			valueSets.add(members(imported, pathway));
		}
		List<ExpansionItem> items = new ArrayList<>();
		if (set.hasSystem()) {
			CodeSystemIndex codeSystem = versions.forExpansion(set);
			usedCodeSystems.putIfAbsent(codeSystem.url() + "|" + codeSystem.version(), codeSystem);
			if (set.hasConcept()) {
				for (ConceptReferenceComponent listed : set.getConcept()) {
					ConceptSets.listedItem(codeSystem, listed).ifPresent(items::add);
				}
			}
			else {
				ConceptSets.checkFilters(codeSystem, set, where);
				Iterable<ConceptDefinitionComponent> candidates = textFilter == null ? codeSystem.concepts()
						: codeSystem.conceptsWithWordsStarting(textFilter.words());
				Predicate<ConceptDefinitionComponent> filters = ConceptFilters.forMany(codeSystem, set.getFilter());
				for (ConceptDefinitionComponent concept : candidates) {
					if (filters.test(concept)) {
						items.add(item(codeSystem, concept, null));
					}
				}
			}
		}
		else if (!valueSets.isEmpty()) {
			items.addAll(valueSets.remove(0).values());
		}
		items.removeIf(item -> valueSets.stream().anyMatch(members -> !members.containsKey(item.key())));
		return items;
	}

	private ExpansionItem item(CodeSystemIndex codeSystem, ConceptDefinitionComponent concept, String displayOverride) {
		String display = displayOverride != null ? displayOverride : concept.getDisplay();
		return new ExpansionItem(codeSystem.url(), codeSystem.version(), concept.getCode(), display, concept,
				codeSystem);
	}

}
