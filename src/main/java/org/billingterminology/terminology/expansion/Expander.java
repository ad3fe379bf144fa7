package org.billingterminology.terminology.expansion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.LanguagePreference;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.Supplements;
import org.billingterminology.terminology.request.AnswerOptions;
import org.billingterminology.terminology.valueset.ExpansionItem;
import org.billingterminology.terminology.valueset.StatusNotes;
import org.billingterminology.terminology.valueset.ValueSetContents;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.hl7.fhir.r4.model.CodeSystem.PropertyComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/**
 * Builds the answer to $expand: the value set's members after activeOnly, filter and paging, each
 * with the display for the requested language, and the expansion's parameters (those the request
 * set, the code systems and value sets used). Expansions are always flat. R5's expansion
 * properties travel as the R4 cross-version extensions.
 */
public final class Expander {

	static final String CONTAINS_PROPERTY = "http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.contains.property";

	static final String EXPANSION_PROPERTY = "http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.property";

	static final String CONCEPT_PROPERTIES = "http://hl7.org/fhir/concept-properties#";

	public static final String PREFERRED_FOR_LANGUAGE = "http://terminology.hl7.org/CodeSystem/hl7TermMaintInfra";

	static final String LANGUAGE_SYSTEM = "urn:ietf:bcp:47";

	/** Request parameters that an expansion repeats, in the order they are read. */
	private static final List<String> ECHOED = List.of("activeOnly", "count", "default-valueset-version", "designation",
			"excludeNested", "filter", "includeDesignations", "offset");

	private static final Set<String> BOOLEANS = Set.of("activeOnly", "excludeNested", "includeDefinition",
			"includeDesignations");

	private static final Set<String> INTEGERS = Set.of("count", "offset");

	private final Snapshot snapshot;

	private final AnswerOptions options;

	private final int maxSize;

	public Expander(Snapshot snapshot, AnswerOptions options, int maxSize) {
		this.snapshot = snapshot;
		this.options = options;
		this.maxSize = maxSize;
	}

	/** @param supplements the supplements applied (url|version), named in the expansion */
	public ValueSet expand(ValueSet valueSet, int offset, int count, List<String> supplements) {
		String filter = options.string("filter");
		boolean paged = count >= 0 || (filter != null && !filter.isBlank());
		ValueSetContents contents = new ValueSetContents(snapshot, paged ? Integer.MAX_VALUE : maxSize, options.versions());
		List<ExpansionItem> members = contents.members(valueSet);
		if (options.activeOnly()) {
			members.removeIf(ExpansionItem::inactive);
		}
		if (filter != null && !filter.isBlank()) {
			members.removeIf(item -> !matchesText(item, filter));
		}
		int to = count < 0 ? members.size() : (int) Math.min(members.size(), (long) offset + count);
		List<ExpansionItem> page = offset >= members.size() ? List.of() : members.subList(offset, to);

		ValueSet result = header(valueSet);
		if (options.flag("includeDefinition", false)) {
			// R4: includeDefinition asks for the value set's definition (its compose) with the expansion
			result.setCompose(valueSet.getCompose().copy());
		}
		ValueSetExpansionComponent expansion = result.getExpansion();
		expansion.setIdentifier("urn:uuid:" + UUID.randomUUID());
		expansion.setTimestamp(new Date());
		expansion.setTotal(members.size());
		if (options.input().has("offset") || offset > 0) {
			expansion.setOffset(offset);
		}
		addParameters(expansion, contents, valueSet);
		supplements.forEach(s -> expansion.addParameter().setName("used-supplement").setValue(new UriType(s)));
		LanguagePreference languages = options.displayLanguage();
		boolean designations = options.flag("includeDesignations", false);
		List<String> properties = options.strings("property");
		Set<String> versioned = systemsNeedingVersions(valueSet, members);
		Map<String, String> declared = new LinkedHashMap<>();
		for (ExpansionItem item : page) {
			expansion.addContains(entry(item, languages, designations, properties, versioned.contains(item.system()),
					declared));
		}
		declared.forEach((code, uri) -> {
			Extension property = expansion.addExtension().setUrl(EXPANSION_PROPERTY);
			property.addExtension("code", new CodeType(code));
			property.addExtension("uri", new UriType(uri));
		});
		return result;
	}

	private static ValueSet header(ValueSet valueSet) {
		ValueSet result = new ValueSet();
		result.setId(valueSet.getIdElement().getIdPart());
		result.setUrl(valueSet.getUrl());
		result.setVersion(valueSet.getVersion());
		result.setName(valueSet.getName());
		result.setTitle(valueSet.getTitle());
		result.setStatus(valueSet.getStatus());
		if (valueSet.hasExperimental()) {
			result.setExperimental(valueSet.getExperimental());
		}
		if (valueSet.hasDate()) {
			result.setDateElement(valueSet.getDateElement());
		}
		result.setPublisher(valueSet.getPublisher());
		result.setLanguage(valueSet.getLanguage());
		// the value set's standards status is reported as a warning-[status] parameter instead
		valueSet.getExtension()
			.stream()
			.filter(e -> !ExpansionItem.STANDARDS_STATUS.equals(e.getUrl()))
			.forEach(e -> result.addExtension(e.copy()));
		return result;
	}

	private void addParameters(ValueSetExpansionComponent expansion, ValueSetContents contents, ValueSet expanded) {
		for (String name : ECHOED) {
			for (String value : options.input().strings(name)) {
				expansion.addParameter().setName(name).setValue(typed(name, value));
			}
		}
		String language = options.displayLanguageText();
		if (language != null) {
			expansion.addParameter().setName("displayLanguage").setValue(new CodeType(language));
		}
		contents.appliedRules().forEach((name, rules) -> rules.forEach(
				(system, version) -> expansion.addParameter().setName(name).setValue(new UriType(system + "|" + version))));
		for (CodeSystemIndex used : contents.usedCodeSystems().values()) {
			String canonical = used.url() + (used.version() == null ? "" : "|" + used.version());
			expansion.addParameter().setName("used-codesystem").setValue(new UriType(canonical));
			if (used.resource().getContent() == CodeSystemContentMode.FRAGMENT) {
				expansion.addParameter().setName("used-fragment").setValue(new UriType(canonical));
				expansion.addExtension("http://hl7.org/fhir/StructureDefinition/valueset-unclosed", new BooleanType(true));
				expansion.addExtension("http://hl7.org/fhir/StructureDefinition/valueset-unclosed-reason",
						new StringType("This extension is based on a fragment of the code system " + used.url()));
			}
		}
		contents.usedValueSets()
			.keySet()
			.forEach(canonical -> expansion.addParameter().setName("used-valueset").setValue(new UriType(canonical)));
		List<org.hl7.fhir.r4.model.MetadataResource> used = new ArrayList<>();
		used.add(expanded);
		contents.usedCodeSystems().values().forEach(codeSystem -> used.add(codeSystem.resource()));
		used.addAll(contents.usedValueSets().values());
		StatusNotes.of(used).forEach((status, canonicals) -> canonicals
			.forEach(canonical -> expansion.addParameter().setName("warning-" + status).setValue(new UriType(canonical))));
		if (contents.versionsMatched()) {
			expansion.addParameter().setName("versionsMatch").setValue(new BooleanType(true));
		}
	}

	private static Type typed(String name, String value) {
		if ("default-valueset-version".equals(name)) {
			return new UriType(value);
		}
		if (BOOLEANS.contains(name)) {
			return new BooleanType(value);
		}
		if (INTEGERS.contains(name)) {
			return new IntegerType(value);
		}
		return new StringType(value);
	}

	/**
	 * The systems whose codes carry their version in the expansion: those the value set includes in
	 * more than one version (by its includes, or by the versions the codes came from).
	 */
	private static Set<String> systemsNeedingVersions(ValueSet valueSet, List<ExpansionItem> members) {
		Map<String, Set<String>> declared = new HashMap<>();
		if (valueSet.hasCompose()) {
			List<ConceptSetComponent> sets = new ArrayList<>(valueSet.getCompose().getInclude());
			sets.addAll(valueSet.getCompose().getExclude());
			for (ConceptSetComponent set : sets) {
				if (set.hasSystem()) {
					declared.computeIfAbsent(set.getSystem(), k -> new HashSet<>()).add(String.valueOf(set.getVersion()));
				}
			}
		}
		Map<String, Set<String>> actual = new HashMap<>();
		members.forEach(item -> actual.computeIfAbsent(item.system(), k -> new HashSet<>()).add(String.valueOf(item.version())));
		Set<String> systems = new HashSet<>();
		declared.forEach((system, versions) -> {
			if (versions.size() > 1) {
				systems.add(system);
			}
		});
		actual.forEach((system, versions) -> {
			if (versions.size() > 1) {
				systems.add(system);
			}
		});
		return systems;
	}

	private ValueSetExpansionContainsComponent entry(ExpansionItem item, LanguagePreference languages,
			boolean designations, List<String> properties, boolean withVersion, Map<String, String> declared) {
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
		String display = item.display();
		ConceptDefinitionDesignationComponent usedAsDisplay = null;
		if (item.concept() != null && languages != null && !languages.tags().isEmpty()) {
			String language = item.codeSystem().resource().getLanguage();
			if (language == null || !languages.accepts(language)) {
				usedAsDisplay = item.concept()
					.getDesignation()
					.stream()
					.filter(d -> d.hasLanguage() && languages.accepts(d.getLanguage()))
					.min((a, b) -> Integer.compare(languages.rank(a.getLanguage()), languages.rank(b.getLanguage())))
					.orElse(null);
				if (usedAsDisplay != null) {
					display = usedAsDisplay.getValue();
				}
				else if (languages.refusesOthers()) {
					// "de, *; q=0": no German display, and no other language is acceptable
					display = null;
				}
			}
		}
		if (display != null) {
			entry.setDisplay(display);
		}
		if (designations && item.concept() != null) {
			if ((usedAsDisplay != null || display == null) && item.concept().hasDisplay()) {
				addDesignation(entry, item.codeSystem().resource().getLanguage(),
						new Coding(PREFERRED_FOR_LANGUAGE, "preferredForLanguage", "Preferred For Language"),
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
		if (item.concept() != null) {
			for (String property : properties) {
				addProperty(entry, item, property, declared);
			}
			addExtensionProperties(entry, item, properties, declared);
			item.concept()
				.getExtension()
				.stream()
				.filter(e -> RENDERING.contains(e.getUrl()))
				.forEach(e -> entry.addExtension(e.copy()));
		}
		return entry;
	}

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
				value = new org.hl7.fhir.r4.model.DecimalType(raw.primitiveValue());
			}
			else if ("status".equals(code)) {
				value = new CodeType(raw.primitiveValue());
			}
			Extension converted = entry.addExtension().setUrl(CONTAINS_PROPERTY);
			converted.addExtension("code", new CodeType(code));
			converted.addExtension("value", value);
		});
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
		List<String> wanted = options.input().strings("designation");
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

	/** Every word of the filter starts a word of the display, or starts the code. */
	static boolean matchesText(ExpansionItem item, String filter) {
		String code = item.code().toLowerCase(Locale.ROOT);
		List<String> words = item.display() == null ? List.of()
				: Arrays.asList(item.display().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
		for (String wanted : filter.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
			if (!code.startsWith(wanted) && words.stream().noneMatch(word -> word.startsWith(wanted))) {
				return false;
			}
		}
		return true;
	}

}
