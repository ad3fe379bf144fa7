package org.billingterminology.importing.formats;

import java.util.HashSet;
import java.util.Set;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.PropertyType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * A complete CodeSystem being built from release files: declares each property once, on first
 * use, and keeps the designation uses of this project in one code system.
 */
final class ImportedCodeSystem {

	static final String DESIGNATION_USE = "http://fhir.billing-terminology.org/CodeSystem/designation-use";

	static final String PROPERTY_BASE = "http://fhir.billing-terminology.org/CodeSystem/release-property#";

	private final CodeSystem codeSystem = new CodeSystem();

	private final Set<String> declared = new HashSet<>();

	ImportedCodeSystem(String id, String url, String version, String name, String title) {
		codeSystem.setId(id);
		codeSystem.setUrl(url);
		codeSystem.setVersion(version);
		codeSystem.setName(name);
		codeSystem.setTitle(title);
		codeSystem.setStatus(PublicationStatus.ACTIVE);
		codeSystem.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		codeSystem.setCaseSensitive(true);
	}

	CodeSystem resource() {
		codeSystem.setCount(codeSystem.getConcept().size());
		return codeSystem;
	}

	ConceptDefinitionComponent concept(String code, String display) {
		return codeSystem.addConcept().setCode(code).setDisplay(display);
	}

	void designation(ConceptDefinitionComponent concept, String use, String value) {
		if (value != null && !value.isBlank()) {
			concept.addDesignation().setLanguage("en").setUse(new Coding(DESIGNATION_USE, use, null)).setValue(value.trim());
		}
	}

	void code(ConceptDefinitionComponent concept, String property, String value, String description) {
		if (value != null && !value.isBlank()) {
			add(concept, property, PropertyType.CODE, new CodeType(value.trim()), description);
		}
	}

	void string(ConceptDefinitionComponent concept, String property, String value, String description) {
		if (value != null && !value.isBlank()) {
			add(concept, property, PropertyType.STRING, new StringType(value.trim()), description);
		}
	}

	void flag(ConceptDefinitionComponent concept, String property, boolean value, String description) {
		add(concept, property, PropertyType.BOOLEAN, new BooleanType(value), description);
	}

	void date(ConceptDefinitionComponent concept, String property, String isoDate, String description) {
		if (isoDate != null) {
			add(concept, property, PropertyType.DATETIME, new DateTimeType(isoDate), description);
		}
	}

	void integer(ConceptDefinitionComponent concept, String property, int value, String description) {
		add(concept, property, PropertyType.INTEGER, new IntegerType(value), description);
	}

	/** Declares a property whose uri is a standard one (status, inactive, parent). */
	void declare(String property, String uri, PropertyType type, String description) {
		if (declared.add(property)) {
			codeSystem.addProperty().setCode(property).setUri(uri).setType(type).setDescription(description);
		}
	}

	private void add(ConceptDefinitionComponent concept, String property, PropertyType type, Type value,
			String description) {
		declare(property, PROPERTY_BASE + property, type, description);
		concept.addProperty().setCode(property).setValue(value);
	}

}
