package org.billingterminology.terminology.valueset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.billingterminology.terminology.model.CodeResolution;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.model.ResolvedCode;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.VersionRules;
import org.billingterminology.terminology.request.AnswerOptions;
import org.billingterminology.terminology.validation.CodingValidator;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/**
 * What a ValueSet contains, worked out from its compose (include, exclude, filters, other value
 * sets) against one snapshot: the whole list for $expand, or one code for $validate-code without
 * listing the rest. The version of each included code system follows the request's version rules
 * (see {@link VersionRules}); the code systems and value sets used are recorded for the expansion.
 */
public final class ValueSetContents {

	private static final int MAX_NESTING = 20;

	private final Snapshot snapshot;

	private final int maxSize;

	private final VersionRules rules;

	public final Map<String, CodeSystemIndex> usedCodeSystems = new LinkedHashMap<>();

	public final Map<String, ValueSet> usedValueSets = new LinkedHashMap<>();

	/** The version rules that decided a version, by parameter name then system: an expansion echoes these. */
	public final Map<String, Map<String, String>> appliedRules = new LinkedHashMap<>();

	/** Whether codes were matched across versions of a system (the expansion then says versionsMatch). */
	public boolean versionsMatched;

	public ValueSetContents(Snapshot snapshot, int maxSize) {
		this(snapshot, maxSize, VersionRules.NONE);
	}

	public ValueSetContents(Snapshot snapshot, int maxSize, VersionRules rules) {
		this.snapshot = snapshot;
		this.maxSize = maxSize;
		this.rules = rules;
	}

	/** The code system versions the last {@link #members} call drew codes from, keyed url|version. */
	public Map<String, CodeSystemIndex> usedCodeSystems() {
		return usedCodeSystems;
	}

	/** The value sets the last {@link #members} call imported, by url|version. */
	public Map<String, ValueSet> usedValueSets() {
		return usedValueSets;
	}

	public Map<String, Map<String, String>> appliedRules() {
		return appliedRules;
	}

	public boolean versionsMatched() {
		return versionsMatched;
	}

	/** compose.inactive = false: the value set leaves inactive codes out. */
	public static boolean excludesInactive(ValueSet valueSet) {
		return valueSet.hasCompose() && valueSet.getCompose().hasInactive() && !valueSet.getCompose().getInactive();
	}

	/** Every member in compose order, each code (of each version) once. */
	public List<ExpansionItem> members(ValueSet valueSet) {
		return new ArrayList<>(members(valueSet, new ArrayList<>(), true).values());
	}

	public Map<String, ExpansionItem> members(ValueSet valueSet, List<String> pathway, boolean top) {
		enter(valueSet, pathway);
		try {
			Map<String, ExpansionItem> members = new LinkedHashMap<>();
			if (!valueSet.hasCompose() && valueSet.hasExpansion()) {
				addContains(valueSet.getExpansion().getContains(), members);
				return members;
			}
			List<ConceptSetComponent> includes = orderedIncludes(valueSet);
			for (int i = 0; i < includes.size(); i++) {
				ConceptSetComponent include = includes.get(i);
				String where = "include[" + valueSet.getCompose().getInclude().indexOf(include) + "]";
				for (ExpansionItem item : conceptSet(valueSet, include, where, pathway)) {
					members.putIfAbsent(item.key(), item);
					if (members.size() > maxSize) {
						throw Failures.unprocessable(IssueType.TOOCOSTLY, "too-costly",
								"The value set '" + CodingValidator.describe(valueSet)
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
				for (ExpansionItem excluded : conceptSet(valueSet, exclude, "exclude[" + i + "]", pathway)) {
					members.values()
						.removeIf(item -> item.system().equals(excluded.system()) && item.code().equals(excluded.code())
								&& (!sameVersionOnly || String.valueOf(item.version()).equals(String.valueOf(excluded.version()))));
				}
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
		finally {
			pathway.remove(pathway.size() - 1);
		}
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

	private static void enter(ValueSet valueSet, List<String> pathway) {
		String id = valueSet.getUrl() + "|" + valueSet.getVersion();
		if (pathway.contains(id) || pathway.size() > MAX_NESTING) {
			throw Failures.unprocessable(IssueType.PROCESSING, "vs-invalid",
					"Found a circularity pointing to " + valueSet.getUrl() + " processing ValueSet with pathway "
							+ String.join(" -> ", pathway.stream().map(p -> p.substring(0, p.indexOf('|'))).toList()));
		}
		pathway.add(id);
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

	private void addContains(List<ValueSetExpansionContainsComponent> contains, Map<String, ExpansionItem> members) {
		for (ValueSetExpansionContainsComponent entry : contains) {
			if (entry.hasCode()) {
				CodeSystemIndex codeSystem = snapshot.codeSystem(entry.getSystem(), entry.getVersion()).orElse(null);
				ConceptDefinitionComponent concept = codeSystem == null ? null
						: codeSystem.concept(entry.getCode()).orElse(null);
				ExpansionItem item = new ExpansionItem(entry.getSystem(), entry.getVersion(), entry.getCode(),
						entry.getDisplay(), concept, codeSystem);
				members.putIfAbsent(item.key(), item);
			}
			addContains(entry.getContains(), members);
		}
	}

	private List<ExpansionItem> conceptSet(ValueSet container, ConceptSetComponent set, String where,
			List<String> pathway) {
		List<Map<String, ExpansionItem>> valueSets = new ArrayList<>();
		for (var canonical : set.getValueSet()) {
			ValueSet imported = referencedValueSet(container, canonical.getValue());
			if (!canonical.getValue().startsWith("#")) {
				usedValueSets.put(imported.getUrl() + (imported.hasVersion() ? "|" + imported.getVersion() : ""), imported);
			}
			valueSets.add(members(imported, pathway, false));
		}
		List<ExpansionItem> items = new ArrayList<>();
		if (set.hasSystem()) {
			CodeSystemIndex codeSystem = codeSystemForExpansion(set);
			usedCodeSystems.putIfAbsent(codeSystem.url() + "|" + codeSystem.version(), codeSystem);
			if (set.hasConcept()) {
				for (ConceptReferenceComponent listed : set.getConcept()) {
					listedItem(codeSystem, listed).ifPresent(items::add);
				}
			}
			else {
				checkFilters(codeSystem, set, where);
				for (ConceptDefinitionComponent concept : codeSystem.concepts()) {
					if (ConceptFilters.matchesAll(codeSystem, concept, set.getFilter())) {
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

	private static void checkFilters(CodeSystemIndex codeSystem, ConceptSetComponent set, String where) {
		for (int i = 0; i < set.getFilter().size(); i++) {
			var filter = set.getFilter().get(i);
			if (filter.getValue() == null || filter.getValue().isEmpty()) {
				throw Failures.invalid(IssueType.INVALID, "vs-invalid",
						"The system " + codeSystem.url() + " filter with property = " + filter.getProperty() + ", op = "
								+ ConceptFilters.operator(filter) + " has no value",
						"ValueSet.compose." + where + ".filter[" + i + "]");
			}
		}
	}

	private Optional<ExpansionItem> listedItem(CodeSystemIndex codeSystem, ConceptReferenceComponent listed) {
		CodeResolution resolution = CodeResolution.resolve(codeSystem, listed.getCode());
		if (resolution.isFound()) {
			ConceptDefinitionComponent concept = resolution.found().concept();
			String display = listed.getDisplay() != null ? listed.getDisplay() : concept.getDisplay();
			return Optional.of(new ExpansionItem(codeSystem.url(), codeSystem.version(), concept.getCode(), display,
					concept, codeSystem, listed));
		}
		if (codeSystem.resource().getContent() == CodeSystemContentMode.FRAGMENT) {
			// a fragment does not hold every code, so a listed code it lacks may still be real
			return Optional.of(new ExpansionItem(codeSystem.url(), codeSystem.version(), listed.getCode(),
					listed.getDisplay(), null, codeSystem, listed));
		}
		return Optional.empty();
	}

	private ExpansionItem item(CodeSystemIndex codeSystem, ConceptDefinitionComponent concept, String displayOverride) {
		String display = displayOverride != null ? displayOverride : concept.getDisplay();
		return new ExpansionItem(codeSystem.url(), codeSystem.version(), concept.getCode(), display, concept,
				codeSystem);
	}

	/** The member for one code, if the value set holds it; the code may be a CPT-style expression. */
	public Optional<ExpansionItem> member(ValueSet valueSet, String system, String code) {
		return member(valueSet, snapshot.canonicalSystem(system), code, new ArrayList<>());
	}

	public Optional<ExpansionItem> member(ValueSet valueSet, String system, String code, List<String> pathway) {
		enter(valueSet, pathway);
		try {
			if (!valueSet.hasCompose() && valueSet.hasExpansion()) {
				Map<String, ExpansionItem> members = new LinkedHashMap<>();
				addContains(valueSet.getExpansion().getContains(), members);
				return members.values().stream().filter(i -> i.system().equals(system) && i.code().equals(code)).findFirst();
			}
			Optional<ExpansionItem> found = Optional.empty();
			List<ConceptSetComponent> includes = valueSet.getCompose().getInclude();
			for (int i = 0; i < includes.size() && found.isEmpty(); i++) {
				found = inConceptSet(valueSet, includes.get(i), "include[" + i + "]", system, code, pathway);
			}
			if (found.isEmpty()) {
				return found;
			}
			List<ConceptSetComponent> excludes = valueSet.getCompose().getExclude();
			for (int i = 0; i < excludes.size(); i++) {
				if (inConceptSet(valueSet, excludes.get(i), "exclude[" + i + "]", system, code, pathway).isPresent()) {
					return Optional.empty();
				}
			}
			return found;
		}
		finally {
			pathway.remove(pathway.size() - 1);
		}
	}

	private Optional<ExpansionItem> inConceptSet(ValueSet container, ConceptSetComponent set, String where,
			String system, String code, List<String> pathway) {
		Optional<ExpansionItem> found = Optional.empty();
		if (set.hasSystem()) {
			if (!snapshot.canonicalSystem(set.getSystem()).equals(system)) {
				return Optional.empty();
			}
			Optional<CodeSystemIndex> resolved = codeSystemForMembership(set);
			if (resolved.isEmpty()) {
				return Optional.empty();
			}
			CodeSystemIndex codeSystem = resolved.get();
			if (set.hasConcept()) {
				for (ConceptReferenceComponent listed : set.getConcept()) {
					if (codeSystem.concept(code).map(c -> c.getCode().equals(listed.getCode())).orElse(listed.getCode().equals(code))) {
						found = listedItem(codeSystem, listed);
						break;
					}
				}
			}
			else {
				checkFilters(codeSystem, set, where);
				CodeResolution resolution = CodeResolution.resolve(codeSystem, code);
				if (resolution.isFound() && (!set.hasFilter() || (!resolution.found().isExpression()
						&& ConceptFilters.matchesAll(codeSystem, resolution.found().concept(), set.getFilter())))) {
					ResolvedCode resolved1 = resolution.found();
					found = Optional.of(new ExpansionItem(codeSystem.url(), codeSystem.version(), resolved1.code(),
							resolved1.display(), resolved1.concept(), codeSystem));
				}
				else if (!resolution.isFound() && !set.hasFilter()
						&& codeSystem.resource().getContent() == CodeSystemContentMode.FRAGMENT) {
					found = Optional.of(new ExpansionItem(codeSystem.url(), codeSystem.version(), code, null, null,
							codeSystem));
				}
			}
			if (found.isEmpty()) {
				return found;
			}
		}
		for (var canonical : set.getValueSet()) {
			Optional<ExpansionItem> inOther = member(referencedValueSet(container, canonical.getValue()), system, code,
					pathway);
			if (inOther.isEmpty()) {
				return Optional.empty();
			}
			found = found.or(() -> inOther);
		}
		return found;
	}

	/**
	 * The code system version an include draws on: the forced version, else the include's own
	 * (wildcards allowed), else the checked or default version of the request, else the newest.
	 */
	private Optional<CodeSystemIndex> codeSystemForMembership(ConceptSetComponent set) {
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

	private CodeSystemIndex codeSystemForExpansion(ConceptSetComponent set) {
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

	/** A value set an include imports: by canonical (url or url|version), or #id for one contained in the importer. */
	ValueSet referencedValueSet(ValueSet container, String canonical) {
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
	public List<ValueSet> importedValueSets(ValueSet valueSet) {
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
	public Optional<String> missingImport(ValueSet valueSet) {
		return missingImport(valueSet, new ArrayList<>());
	}

	public Optional<String> missingImport(ValueSet valueSet, List<String> seen) {
		// the pathway so far: a value set met again on it is a circularity, which enter() reports
		enter(valueSet, seen);
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
				Optional<String> deeper = missingImport(imported, seen);
				if (deeper.isPresent()) {
					return deeper;
				}
			}
		}
		seen.remove(seen.size() - 1);
		return Optional.empty();
	}

}
