package org.billingterminology.terminology.valueset;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.billingterminology.terminology.model.CodeResolution;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.Snapshot;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/** What the walk over a compose and the single-code membership test share: listed codes, filters, stored expansions. */
final class ConceptSets {

	private ConceptSets() {
	}

	static void checkFilters(CodeSystemIndex codeSystem, ConceptSetComponent set, String where) {
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

	static Optional<ExpansionItem> listedItem(CodeSystemIndex codeSystem, ConceptReferenceComponent listed) {
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

	/** The codes of a stored expansion (a value set without compose), nested ones included. */
	static void addContains(Snapshot snapshot, List<ValueSetExpansionContainsComponent> contains,
			Map<String, ExpansionItem> members) {
		for (ValueSetExpansionContainsComponent entry : contains) {
			if (entry.hasCode()) {
				CodeSystemIndex codeSystem = snapshot.codeSystem(entry.getSystem(), entry.getVersion()).orElse(null);
				ConceptDefinitionComponent concept = codeSystem == null ? null
						: codeSystem.concept(entry.getCode()).orElse(null);
				ExpansionItem item = new ExpansionItem(entry.getSystem(), entry.getVersion(), entry.getCode(),
						entry.getDisplay(), concept, codeSystem);
				members.putIfAbsent(item.key(), item);
			}
			addContains(snapshot, entry.getContains(), members);
		}
	}

}
