package org.billingterminology.terminology.model;

import java.util.List;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/**
 * A code found in a code system: one concept, or a post-coordinated expression such as CPT's
 * {@code 77003:26} (a base concept plus modifier concepts).
 */
public record ResolvedCode(CodeSystemIndex codeSystem, String code, ConceptDefinitionComponent concept,
		List<ConceptDefinitionComponent> modifiers) {

	public String display() {
		if (modifiers.isEmpty()) {
			return concept.getDisplay();
		}
		return concept.getDisplay() + " (modifier: "
				+ modifiers.stream().map(ConceptDefinitionComponent::getDisplay).collect(Collectors.joining("; ")) + ")";
	}

	public boolean inactive() {
		return codeSystem.isInactive(concept) || modifiers.stream().anyMatch(codeSystem::isInactive);
	}

	public boolean isExpression() {
		return !modifiers.isEmpty();
	}

	public String system() {
		return codeSystem.url();
	}

	String version() {
		return codeSystem.version();
	}

}
