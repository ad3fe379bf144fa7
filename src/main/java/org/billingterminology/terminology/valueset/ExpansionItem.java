package org.billingterminology.terminology.valueset;

import java.util.List;

import org.billingterminology.terminology.model.CodeSystemIndex;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;

/**
 * One code of a value set, with the concept behind it when the code system holds it (a code that
 * a ValueSet lists from a fragment code system may not be there), and the value set's own entry
 * for it when the value set lists it (which may mark it deprecated in this value set).
 */
public record ExpansionItem(String system, String version, String code, String display, ConceptDefinitionComponent concept,
		CodeSystemIndex codeSystem, ConceptReferenceComponent listing) {

	static final String VALUESET_DEPRECATED = "http://hl7.org/fhir/StructureDefinition/valueset-deprecated";

	public static final String STANDARDS_STATUS = "http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status";

	ExpansionItem(String system, String version, String code, String display, ConceptDefinitionComponent concept,
			CodeSystemIndex codeSystem) {
		this(system, version, code, display, concept, codeSystem, null);
	}

	static final String CONCEPT_DEFINITION = "http://hl7.org/fhir/StructureDefinition/valueset-concept-definition";

	/**
	 * The value set's marks on this code (deprecated here, a standards status, its own definition),
	 * to carry into expansions.
	 */
	public List<Extension> statusMarks() {
		if (listing == null) {
			return List.of();
		}
		return listing.getExtension()
			.stream()
			.filter(e -> VALUESET_DEPRECATED.equals(e.getUrl()) || STANDARDS_STATUS.equals(e.getUrl())
					|| CONCEPT_DEFINITION.equals(e.getUrl()))
			.toList();
	}

	/** The status the value set gives this code (deprecated...), or null. */
	public String statusInValueSet() {
		for (Extension mark : statusMarks().stream().filter(e -> !CONCEPT_DEFINITION.equals(e.getUrl())).toList()) {
			if (VALUESET_DEPRECATED.equals(mark.getUrl()) && "true".equals(mark.getValue().primitiveValue())) {
				return "deprecated";
			}
			if (STANDARDS_STATUS.equals(mark.getUrl())) {
				return mark.getValue().primitiveValue();
			}
		}
		return null;
	}

	public boolean inactive() {
		return concept != null && codeSystem.isInactive(concept);
	}

	public boolean isAbstract() {
		return concept != null && codeSystem.isAbstract(concept);
	}

	/** Identity within an expansion: one code of one version of one system. */
	String key() {
		return system + "|" + version + "|" + code;
	}

}
