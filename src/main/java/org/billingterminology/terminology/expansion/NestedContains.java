package org.billingterminology.terminology.expansion;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.billingterminology.budget.WorkBudget;
import org.billingterminology.terminology.valueset.ExpansionItem;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/**
 * A hierarchical expansion: each code is listed inside the nearest of its ancestors that the
 * expansion also holds, as its code system's hierarchy is, the way HL7's servers answer. Only
 * where the value set takes in codes in a way that keeps the hierarchy: whole code systems
 * (without a text filter, which picks codes out of it) or is-a and descendent-of filters, with no
 * exclude, enumeration or imported value set, unpaged, and unless excludeNested=true.
 */
final class NestedContains {

	private static final Set<String> HIERARCHY_FILTERS = Set.of("is-a", "descendent-of");

	private NestedContains() {
	}

	static boolean applies(ValueSet valueSet, boolean excludeNested, boolean textFilter, boolean paged) {
		ValueSet.ValueSetComposeComponent compose = valueSet.getCompose();
		if (excludeNested || paged || !compose.hasInclude() || compose.hasExclude()) {
			return false;
		}
		for (ConceptSetComponent include : compose.getInclude()) {
			if (!include.hasSystem() || include.hasConcept() || include.hasValueSet()) {
				return false;
			}
			if (include.hasFilter() ? !include.getFilter().stream().allMatch(NestedContains::keepsHierarchy) : textFilter) {
				return false;
			}
		}
		return true;
	}

	private static boolean keepsHierarchy(ConceptSetFilterComponent filter) {
		return filter.getOp() != null && HIERARCHY_FILTERS.contains(filter.getOp().toCode());
	}

	/**
	 * A tree deeper than this is listed flat instead: HAPI encodes it recursively and clients cap
	 * the nesting they read (Jackson at 1,000 levels).
	 */
	static final int MAX_DEPTH = 64;

	/**
	 * Adds the entries (one per item, in the same order) to the expansion, each inside its nearest
	 * listed ancestor; false, adding nothing, when the tree would be deeper than {@link #MAX_DEPTH}
	 * or circular (a code system whose parents loop).
	 */
	static boolean nest(ValueSetExpansionComponent expansion, List<ExpansionItem> items,
			List<ValueSetExpansionContainsComponent> entries) {
		Map<String, Integer> listed = new HashMap<>();
		for (int i = 0; i < items.size(); i++) {
			listed.putIfAbsent(key(items.get(i), items.get(i).code()), i);
		}
		int[] parent = new int[items.size()];
		for (int i = 0; i < items.size(); i++) {
			parent[i] = nearestListedAncestor(items.get(i), listed);
		}
		for (int i = 0; i < items.size(); i++) {
			int depth = 0;
			for (int at = parent[i]; at >= 0; at = parent[at]) {
				if (++depth > MAX_DEPTH) {
					return false;
				}
			}
		}
		for (int i = 0; i < items.size(); i++) {
			(parent[i] < 0 ? expansion.getContains() : entries.get(parent[i]).getContains()).add(entries.get(i));
		}
		return true;
	}

	/** Breadth-first upwards, so that a code with two parents goes under the closer one listed. */
	private static int nearestListedAncestor(ExpansionItem item, Map<String, Integer> listed) {
		if (item.codeSystem() == null) {
			return -1;
		}
		Deque<String> next = new ArrayDeque<>(item.codeSystem().parentsOf(item.code()));
		Set<String> seen = new HashSet<>(next);
		seen.add(item.code());
		while (!next.isEmpty()) {
			WorkBudget.spend(1);
			String code = next.removeFirst();
			Integer found = listed.get(key(item, code));
			if (found != null) {
				return found;
			}
			for (String parent : item.codeSystem().parentsOf(code)) {
				if (seen.add(parent)) {
					next.addLast(parent);
				}
			}
		}
		return -1;
	}

	private static String key(ExpansionItem item, String code) {
		return item.system() + '|' + item.version() + '|' + code;
	}

}
