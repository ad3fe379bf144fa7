package org.billingterminology.terminology;

import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/**
 * One code of a value set, with the concept behind it when the code system holds it (a code that
 * a ValueSet lists from a fragment code system may not be there).
 */
record ExpansionItem(String system, String version, String code, String display, ConceptDefinitionComponent concept,
		CodeSystemIndex codeSystem) {

	boolean inactive() {
		return concept != null && codeSystem.isInactive(concept);
	}

	boolean isAbstract() {
		return concept != null && codeSystem.isAbstract(concept);
	}

	/** Identity within an expansion: one code of one version of one system. */
	String key() {
		return system + "|" + version + "|" + code;
	}

}
