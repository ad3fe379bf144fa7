package org.billingterminology.terminology.expansion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.billingterminology.terminology.model.Displays;
import org.billingterminology.terminology.model.Displays.Shown;
import org.billingterminology.terminology.model.LanguagePreference;
import org.billingterminology.terminology.model.Supplements;
import org.billingterminology.terminology.valueset.ExpansionItem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.hl7.fhir.r4.model.CodeSystem.PropertyComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/**
 * One code of an expansion as it is listed: its display for the languages asked for, its
 * designations (narrowed by the designation parameter) and the properties asked for. R5's
 * expansion properties travel as the R4 cross-version extensions; each property used is
 * collected in {@code declared} for the expansion to declare.
 */
final class ContainsEntries {

	static final String CONTAINS_PROPERTY = "http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.contains.property";

	static final String CONCEPT_PROPERTIES = "http://hl7.org/fhir/concept-properties#";

	static final String LANGUAGE_SYSTEM = "urn:ietf:bcp:47";

	/** Concept extensions that are R5 concept properties: conceptOrder, label, itemWeight, and a standards status. */
	private static final Map<String, String[]> EXTENSION_PROPERTIES = Map.of(
			"http://hl7.org/fhir/StructureDefinition/codesystem-conceptOrder", new String[] { "order", "order" },
			"http://hl7.org/fhir/StructureDefinition/codesystem-label", new String[] { "label", "label" },
			"http://hl7.org/fhir/StructureDefinition/itemWeight", new String[] { "weight", "itemWeight" },
			ExpansionItem.STANDARDS_STATUS, new String[] { "status", "status" });

	/** How a concept is to be shown (rendering-style, rendering-xhtml): carried into the expansion. */
	private static final Set<String> RENDERING = Set.of("http://hl7.org/fhir/StructureDefinition/rendering-style",
			"http://hl7.org/fhir/StructureDefinition/rendering-xhtml");

	/** The value set's own order and label for a code it lists win over the code system's. */
	private static final Map<String, String[]> LISTING_PROPERTIES = Map.of(
			"http://hl7.org/fhir/StructureDefinition/valueset-conceptOrder", new String[] { "order", "order" },
			"http://hl7.org/fhir/StructureDefinition/valueset-label", new String[] { "label", "label" },
			"http://hl7.org/fhir/StructureDefinition/itemWeight", new String[] { "weight", "itemWeight" });

	private final LanguagePreference languages;

	private final boolean designations;

	private final List<String> properties;

	/** The designation parameter's tokens: system|code, or urn:ietf:bcp:47|lang for a language. */
	private final List<String> designationFilter;

	/** Property code -> uri, of every property the entries carry. */
	private final Map<String, String> declared = new LinkedHashMap<>();

	ContainsEntries(LanguagePreference languages, boolean designations, List<String> properties,
			List<String> designationFilter) {
		this.languages = languages;
		this.designations = designations;
		this.properties = properties;
		this.designationFilter = designationFilter;
	}

	Map<String, String> declared() {
		return declared;
	}

	ValueSetExpansionContainsComponent entry(ExpansionItem item, boolean withVersion) {
		ValueSetExpansionContainsComponent entry = new ValueSetExpansionContainsComponent();
		item.statusMarks().forEach(mark -> entry.addExtension(mark.copy()));
		entry.setSystem(item.system()).setCode(item.code());
		if (withVersion && item.version() != null) {
			entry.setVersion(item.version());
		}
		if (item.isAbstract()) {
			entry.setAbstract(true);
		}
		if (item.inactive()) {
			entry.setInactive(true);
		}
		Shown shown = Displays.forExpansion(item.display(), item.codeSystem(), item.concept(), languages);
		if (shown.display() != null) {
			entry.setDisplay(shown.display());
		}
		if (designations && item.concept() != null) {
			addDesignations(entry, item, shown);
		}
		if (item.concept() != null) {
			for (String property : properties) {
				addProperty(entry, item, property, declared);
			}
			addExtensionProperties(entry, item, properties, declared);
			addStatusOfInactive(entry, item);
			item.concept()
				.getExtension()
				.stream()
				.filter(e -> RENDERING.contains(e.getUrl()))
				.forEach(e -> entry.addExtension(e.copy()));
		}
		return entry;
	}

	private void addDesignations(ValueSetExpansionContainsComponent entry, ExpansionItem item, Shown shown) {
		ConceptDefinitionDesignationComponent usedAsDisplay = shown.designation();
		if ((usedAsDisplay != null || shown.display() == null) && item.concept().hasDisplay()) {
			addDesignation(entry, item.codeSystem().resource().getLanguage(), Displays.preferredForLanguage(),
					item.concept().getDisplay());
		}
		for (ConceptDefinitionDesignationComponent designation : item.concept().getDesignation()) {
			if (designation != usedAsDisplay) {
				var added = addDesignation(entry, designation.getLanguage(),
						designation.hasUse() ? designation.getUse() : null, designation.getValue());
				if (added != null) {
					designation.getExtension()
						.stream()
						.filter(e -> !Supplements.SOURCE.equals(e.getUrl()))
						.forEach(e -> added.addExtension(e.copy()));
				}
			}
		}
		if (item.listing() != null) {
			// designations the value set itself gives the code
			for (var designation : item.listing().getDesignation()) {
				var added = addDesignation(entry, designation.getLanguage(),
						designation.hasUse() ? designation.getUse() : null, designation.getValue());
				if (added != null) {
					designation.getExtension().forEach(e -> added.addExtension(e.copy()));
				}
			}
		}
	}

	private static void addExtensionProperties(ValueSetExpansionContainsComponent entry, ExpansionItem item,
			List<String> requested, Map<String, String> declared) {
		Map<String, Type> values = new LinkedHashMap<>();
		for (Extension extension : item.concept().getExtension()) {
			String[] property = EXTENSION_PROPERTIES.get(extension.getUrl());
			if (property != null && extension.getValue() != null) {
				values.put(property[0], extension.getValue());
				declared.putIfAbsent(property[0], CONCEPT_PROPERTIES + property[1]);
			}
		}
		if (item.listing() != null) {
			for (Extension extension : item.listing().getExtension()) {
				String[] property = LISTING_PROPERTIES.get(extension.getUrl());
				if (property != null && extension.getValue() != null) {
					values.put(property[0], extension.getValue());
					declared.putIfAbsent(property[0], CONCEPT_PROPERTIES + property[1]);
				}
			}
		}
		values.forEach((code, raw) -> {
			if (requested.contains(code)) {
				return;
			}
			Type value = raw;
			if ("order".equals(code) || "weight".equals(code)) {
				value = new DecimalType(raw.primitiveValue());
			}
			else if ("status".equals(code)) {
				value = new CodeType(raw.primitiveValue());
			}
			Extension converted = entry.addExtension().setUrl(CONTAINS_PROPERTY);
			converted.addExtension("code", new CodeType(code));
			converted.addExtension("value", value);
		});
	}

	/**
	 * A concept whose status property says it is not active (retired, deprecated, withdrawn)
	 * carries that status in the expansion even when no property was asked for, as HL7's servers
	 * do, so that a user sees why it is marked inactive or discouraged.
	 */
	private void addStatusOfInactive(ValueSetExpansionContainsComponent entry, ExpansionItem item) {
		boolean listed = entry.getExtensionsByUrl(CONTAINS_PROPERTY)
			.stream()
			.anyMatch(e -> e.getExtensionByUrl("code") != null
					&& "status".equals(e.getExtensionByUrl("code").getValue().primitiveValue()));
		if (listed) {
			return;
		}
		for (Type value : item.codeSystem().propertyValues(item.concept(), "status")) {
			String status = value.primitiveValue();
			if (status != null && !"active".equals(status)) {
				Extension extension = entry.addExtension().setUrl(CONTAINS_PROPERTY);
				extension.addExtension("code", new CodeType("status"));
				extension.addExtension("value", new CodeType(status));
				declared.putIfAbsent("status", CONCEPT_PROPERTIES + "status");
				return;
			}
		}
	}

	private ValueSet.ConceptReferenceDesignationComponent addDesignation(ValueSetExpansionContainsComponent entry,
			String language, Coding use, String value) {
		if (!designationWanted(language, use)) {
			return null;
		}
		var designation = entry.addDesignation().setValue(value);
		if (language != null) {
			designation.setLanguage(language);
		}
		if (use != null) {
			designation.setUse(use);
		}
		return designation;
	}

	/** The designation parameter (system|code, urn:ietf:bcp:47|lang for a language) narrows which designations appear. */
	private boolean designationWanted(String language, Coding use) {
		List<String> wanted = designationFilter;
		if (wanted.isEmpty()) {
			return true;
		}
		for (String token : wanted) {
			int bar = token.indexOf('|');
			String system = bar < 0 ? null : token.substring(0, bar);
			String code = bar < 0 ? token : token.substring(bar + 1);
			if (LANGUAGE_SYSTEM.equals(system) && code.equals(language)) {
				return true;
			}
			if (use != null && code.equals(use.getCode()) && (system == null || system.equals(use.getSystem()))) {
				return true;
			}
		}
		return false;
	}

	private static void addProperty(ValueSetExpansionContainsComponent entry, ExpansionItem item, String property,
			Map<String, String> declared) {
		List<Type> values = new ArrayList<>();
		String uri = null;
		if ("definition".equals(property)) {
			if (item.concept().hasDefinition()) {
				values.add(new StringType(item.concept().getDefinition()));
			}
			uri = CONCEPT_PROPERTIES + "definition";
		}
		else {
			values.addAll(item.codeSystem().propertyValues(item.concept(), property));
			for (PropertyComponent definition : item.codeSystem().resource().getProperty()) {
				if (property.equals(definition.getCode())) {
					uri = definition.getUri();
				}
			}
			if (uri == null && "status".equals(property)) {
				uri = CONCEPT_PROPERTIES + "status";
			}
		}
		for (Type value : values) {
			Extension extension = entry.addExtension().setUrl(CONTAINS_PROPERTY);
			extension.addExtension("code", new CodeType(property));
			extension.addExtension("value", value.copy());
			if (uri != null) {
				declared.putIfAbsent(property, uri);
			}
		}
	}

}
