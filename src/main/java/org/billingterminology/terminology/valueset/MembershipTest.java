package org.billingterminology.terminology.valueset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.billingterminology.budget.WorkBudget;
import org.billingterminology.terminology.model.CodeResolution;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.ResolvedCode;
import org.billingterminology.terminology.model.Snapshot;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;

/**
 * Whether a value set holds one code, worked out from its compose without listing the rest: the
 * code must be in an include (and in every value set that include imports) and in no exclude.
 */
final class MembershipTest {

	private final Snapshot snapshot;

	private final Imports imports;

	private final IncludeVersions versions;

	/**
	 * The answer for each value set and code already tested in this request, so that a value set
	 * imported from many places (or nested many times over in a tx-resource) is tested once.
	 */
	private final Map<ValueSet, Map<String, Optional<ExpansionItem>>> tested = new IdentityHashMap<>();

	MembershipTest(Snapshot snapshot, Imports imports, IncludeVersions versions) {
		this.snapshot = snapshot;
		this.imports = imports;
		this.versions = versions;
	}

	/** The member for one code, if the value set holds it; the code may be a CPT-style expression. */
	Optional<ExpansionItem> member(ValueSet valueSet, String system, String code) {
		return member(valueSet, snapshot.canonicalSystem(system), code, new ArrayList<>());
	}

	private Optional<ExpansionItem> member(ValueSet valueSet, String system, String code, List<String> pathway) {
		Imports.enter(valueSet, pathway);
		try {
			Map<String, Optional<ExpansionItem>> answers = tested.computeIfAbsent(valueSet, v -> new HashMap<>());
			String key = system + "|" + code;
			Optional<ExpansionItem> known = answers.get(key);
			if (known == null) {
				WorkBudget.spend(1);
				known = test(valueSet, system, code, pathway);
				answers.put(key, known);
			}
			return known;
		}
		finally {
			pathway.remove(pathway.size() - 1);
		}
	}

	private Optional<ExpansionItem> test(ValueSet valueSet, String system, String code, List<String> pathway) {
		if (!valueSet.hasCompose() && valueSet.hasExpansion()) {
			Map<String, ExpansionItem> members = new LinkedHashMap<>();
			ConceptSets.addContains(snapshot, valueSet.getExpansion().getContains(), members);
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

	private Optional<ExpansionItem> inConceptSet(ValueSet container, ConceptSetComponent set, String where,
			String system, String code, List<String> pathway) {
		Optional<ExpansionItem> found = Optional.empty();
		if (set.hasSystem()) {
			if (!snapshot.canonicalSystem(set.getSystem()).equals(system)) {
				return Optional.empty();
			}
			Optional<CodeSystemIndex> resolved = versions.forMembership(set);
			if (resolved.isEmpty()) {
				return Optional.empty();
			}
			CodeSystemIndex codeSystem = resolved.get();
			if (set.hasConcept()) {
				for (ConceptReferenceComponent listed : set.getConcept()) {
					if (codeSystem.concept(code).map(c -> c.getCode().equals(listed.getCode())).orElse(listed.getCode().equals(code))) {
						found = ConceptSets.listedItem(codeSystem, listed);
						break;
					}
				}
			}
			else {
				ConceptSets.checkFilters(codeSystem, set, where);
				CodeResolution resolution = CodeResolution.resolve(codeSystem, code);
				if (resolution.isFound() && (!set.hasFilter() || (!resolution.found().isExpression()
						&& ConceptFilters.matchesAll(codeSystem, resolution.found().concept(), set.getFilter())))) {
					ResolvedCode match = resolution.found();
					found = Optional.of(new ExpansionItem(codeSystem.url(), codeSystem.version(), match.code(),
							match.display(), match.concept(), codeSystem));
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
			Optional<ExpansionItem> inOther = member(imports.referencedValueSet(container, canonical.getValue()), system, code,
					pathway);
			if (inOther.isEmpty()) {
				return Optional.empty();
			}
			found = found.or(() -> inOther);
		}
		return found;
	}

}
