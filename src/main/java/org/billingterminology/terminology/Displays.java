package org.billingterminology.terminology;

import java.util.Locale;

import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;

/** Picks the display for a requested language from a concept's designations. */
final class Displays {

	private Displays() {
	}

	static String inLanguage(ResolvedCode resolved, String language) {
		if (language == null || resolved.isExpression()) {
			return resolved.display();
		}
		String wanted = language.toLowerCase(Locale.ROOT);
		for (ConceptDefinitionDesignationComponent designation : resolved.concept().getDesignation()) {
			String designationLanguage = designation.getLanguage() == null ? ""
					: designation.getLanguage().toLowerCase(Locale.ROOT);
			if (designationLanguage.equals(wanted) || designationLanguage.startsWith(wanted + "-")) {
				return designation.getValue();
			}
		}
		return resolved.display();
	}

}
