package org.billingterminology.terminology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/**
 * What a ValueSet contains, worked out from its compose (include, exclude, filters, other value
 * sets) against one snapshot: the whole list for $expand, or one code for $validate-code without
 * listing the rest.
 */
final class ValueSetContents {

	private static final int MAX_NESTING = 20;

	private final TerminologySnapshot snapshot;

	private final int maxSize;

	ValueSetContents(TerminologySnapshot snapshot, int maxSize) {
		this.snapshot = snapshot;
		this.maxSize = maxSize;
	}

	/** Every member in compose order, each code once. */
	List<ExpansionItem> members(ValueSet valueSet) {
		return members(valueSet, item -> true);
	}

	/** The members that {@code keep} accepts; testing while collecting keeps a filtered view of a large value set cheap. */
	List<ExpansionItem> members(ValueSet valueSet, Predicate<ExpansionItem> keep) {
		return new ArrayList<>(members(valueSet, new HashSet<>(), keep).values());
	}

	private Map<String, ExpansionItem> members(ValueSet valueSet, Set<String> visiting, Predicate<ExpansionItem> keep) {
		String id = valueSet.getUrl() + "|" + valueSet.getVersion();
		if (!visiting.add(id) || visiting.size() > MAX_NESTING) {
			throw new InvalidRequestException("The ValueSet '" + valueSet.getUrl() + "' includes itself");
		}
		try {
			Map<String, ExpansionItem> members = new LinkedHashMap<>();
			if (!valueSet.hasCompose() && valueSet.hasExpansion()) {
				addContains(valueSet.getExpansion().getContains(), members);
				members.values().removeIf(keep.negate());
				return members;
			}
			for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
				for (ExpansionItem item : conceptSet(include, visiting, keep)) {
					members.putIfAbsent(item.key(), item);
					if (members.size() > maxSize) {
						throw tooCostly(valueSet);
					}
				}
			}
			for (ConceptSetComponent exclude : valueSet.getCompose().getExclude()) {
				conceptSet(exclude, visiting, item -> true).forEach(item -> members.remove(item.key()));
			}
			return members;
		}
		finally {
			visiting.remove(id);
		}
	}

	private InvalidRequestException tooCostly(ValueSet valueSet) {
		return new InvalidRequestException("The ValueSet '" + valueSet.getUrl() + "' has more than " + maxSize
				+ " codes; ask for a page with count and offset, or narrow it with filter");
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

	private List<ExpansionItem> conceptSet(ConceptSetComponent set, Set<String> visiting, Predicate<ExpansionItem> keep) {
		List<Map<String, ExpansionItem>> valueSets = new ArrayList<>();
		for (var canonical : set.getValueSet()) {
			valueSets.add(members(referencedValueSet(canonical.getValue()), visiting, item -> true));
		}
		List<ExpansionItem> items = new ArrayList<>();
		if (set.hasSystem()) {
			CodeSystemIndex codeSystem = codeSystem(set);
			if (set.hasConcept()) {
				for (ConceptReferenceComponent listed : set.getConcept()) {
					listedItem(codeSystem, listed).filter(keep).ifPresent(items::add);
				}
			}
			else {
				for (ConceptDefinitionComponent concept : codeSystem.concepts()) {
					ExpansionItem item = item(codeSystem, concept, null);
					if (keep.test(item) && ConceptFilters.matchesAll(codeSystem, concept, set.getFilter())) {
						items.add(item);
					}
				}
			}
		}
		else if (!valueSets.isEmpty()) {
			valueSets.remove(0).values().stream().filter(keep).forEach(items::add);
		}
		items.removeIf(item -> valueSets.stream().anyMatch(members -> !members.containsKey(item.key())));
		return items;
	}

	private Optional<ExpansionItem> listedItem(CodeSystemIndex codeSystem, ConceptReferenceComponent listed) {
		CodeResolution resolution = CodeResolution.resolve(codeSystem, listed.getCode());
		if (resolution.isFound()) {
			return Optional.of(item(codeSystem, resolution.found().concept(), listed.getDisplay()));
		}
		if (codeSystem.resource().getContent() == CodeSystemContentMode.FRAGMENT) {
			// a fragment does not hold every code, so a listed code it lacks may still be real
			return Optional.of(new ExpansionItem(codeSystem.url(), codeSystem.version(), listed.getCode(),
					listed.getDisplay(), null, codeSystem));
		}
		return Optional.empty();
	}

	private ExpansionItem item(CodeSystemIndex codeSystem, ConceptDefinitionComponent concept, String displayOverride) {
		String display = displayOverride != null ? displayOverride : concept.getDisplay();
		return new ExpansionItem(codeSystem.url(), codeSystem.version(), concept.getCode(), display, concept,
				codeSystem);
	}

	/** The member for one code, if the value set holds it; the code may be a CPT-style expression. */
	Optional<ExpansionItem> member(ValueSet valueSet, String system, String code) {
		return member(valueSet, snapshot.canonicalSystem(system), code, new HashSet<>());
	}

	private Optional<ExpansionItem> member(ValueSet valueSet, String system, String code, Set<String> visiting) {
		String id = valueSet.getUrl() + "|" + valueSet.getVersion();
		if (!visiting.add(id) || visiting.size() > MAX_NESTING) {
			throw new InvalidRequestException("The ValueSet '" + valueSet.getUrl() + "' includes itself");
		}
		try {
			if (!valueSet.hasCompose() && valueSet.hasExpansion()) {
				Map<String, ExpansionItem> members = new LinkedHashMap<>();
				addContains(valueSet.getExpansion().getContains(), members);
				return Optional.ofNullable(members.get(system + "|" + code));
			}
			Optional<ExpansionItem> found = Optional.empty();
			for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
				found = inConceptSet(include, system, code, visiting);
				if (found.isPresent()) {
					break;
				}
			}
			if (found.isEmpty()) {
				return found;
			}
			for (ConceptSetComponent exclude : valueSet.getCompose().getExclude()) {
				if (inConceptSet(exclude, system, code, visiting).isPresent()) {
					return Optional.empty();
				}
			}
			return found;
		}
		finally {
			visiting.remove(id);
		}
	}

	private Optional<ExpansionItem> inConceptSet(ConceptSetComponent set, String system, String code,
			Set<String> visiting) {
		Optional<ExpansionItem> found = Optional.empty();
		if (set.hasSystem()) {
			if (!snapshot.canonicalSystem(set.getSystem()).equals(system)) {
				return Optional.empty();
			}
			CodeSystemIndex codeSystem = codeSystem(set);
			if (set.hasConcept()) {
				for (ConceptReferenceComponent listed : set.getConcept()) {
					if (codeSystem.concept(code).map(c -> c.getCode().equals(listed.getCode())).orElse(listed.getCode().equals(code))) {
						found = listedItem(codeSystem, listed);
						break;
					}
				}
			}
			else {
				CodeResolution resolution = CodeResolution.resolve(codeSystem, code);
				if (resolution.isFound() && (!set.hasFilter() || (!resolution.found().isExpression()
						&& ConceptFilters.matchesAll(codeSystem, resolution.found().concept(), set.getFilter())))) {
					ResolvedCode resolved = resolution.found();
					found = Optional.of(new ExpansionItem(codeSystem.url(), codeSystem.version(), resolved.code(),
							resolved.display(), resolved.concept(), codeSystem));
				}
			}
			if (found.isEmpty()) {
				return found;
			}
		}
		for (UriType canonical : set.getValueSet().stream().map(c -> new UriType(c.getValue())).toList()) {
			Optional<ExpansionItem> inOther = member(referencedValueSet(canonical.getValue()), system, code, visiting);
			if (inOther.isEmpty()) {
				return Optional.empty();
			}
			found = found.or(() -> inOther);
		}
		return found;
	}

	private CodeSystemIndex codeSystem(ConceptSetComponent set) {
		return snapshot.codeSystem(set.getSystem(), set.getVersion())
			.orElseThrow(() -> new ResourceNotFoundException("The CodeSystem '" + set.getSystem() + "'"
					+ (set.hasVersion() ? " version '" + set.getVersion() + "'" : "")
					+ " that the value set includes is not known to this server"));
	}

	private ValueSet referencedValueSet(String canonical) {
		return snapshot.valueSet(canonical, null)
			.orElseThrow(() -> new ResourceNotFoundException(
					"The ValueSet '" + canonical + "' that the value set includes is not known to this server"));
	}

}
