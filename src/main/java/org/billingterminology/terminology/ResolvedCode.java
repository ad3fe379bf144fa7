package org.billingterminology.terminology;

import java.util.List;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/**
 * A code found in a code system: one concept, or a post-coordinated expression such as CPT's
 * {@code 77003:26} (a base concept plus modifier concepts).
 */
record ResolvedCode(CodeSystemIndex codeSystem, String code, ConceptDefinitionComponent concept,
		List<ConceptDefinitionComponent> modifiers) {

	String display() {
		if (modifiers.isEmpty()) {
			return concept.getDisplay();
		}
		return concept.getDisplay() + " (modifier: "
				+ modifiers.stream().map(ConceptDefinitionComponent::getDisplay).collect(Collectors.joining("; ")) + ")";
	}

	boolean inactive() {
		return codeSystem.isInactive(concept) || modifiers.stream().anyMatch(codeSystem::isInactive);
	}

	boolean isExpression() {
		return !modifiers.isEmpty();
	}

	String system() {
		return codeSystem.url();
	}

	String version() {
		return codeSystem.version();
	}

}
