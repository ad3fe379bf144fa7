package org.billingterminology.terminology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.billingterminology.ServerSettings;
import org.billingterminology.server.TerminologyOperationProvider;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

import org.springframework.stereotype.Component;

/** $expand and $validate-code on ValueSet, answered from the terminology model. */
@Component
class ValueSetOperations implements TerminologyOperationProvider {

	private static final String CONCEPT_DEFINITION = "http://hl7.org/fhir/StructureDefinition/valueset-concept-definition";

	private final Terminology terminology;

	private final ServerSettings settings;

	ValueSetOperations(Terminology terminology, ServerSettings settings) {
		this.terminology = terminology;
		this.settings = settings;
	}

	@Operation(name = "$expand", typeName = "ValueSet", idempotent = true)
	public ValueSet expand(@IdParam(optional = true) IdType id,
			@OperationParam(name = "url", typeName = "uri") UriType url,
			@OperationParam(name = "valueSetVersion", typeName = "string") StringType valueSetVersion,
			@OperationParam(name = "valueSet", typeName = "ValueSet") ValueSet inline,
			@OperationParam(name = "filter", typeName = "string") StringType filter,
			@OperationParam(name = "offset", typeName = "integer") IntegerType offset,
			@OperationParam(name = "count", typeName = "integer") IntegerType count,
			@OperationParam(name = "activeOnly", typeName = "boolean") BooleanType activeOnly,
			@OperationParam(name = "includeDesignations", typeName = "boolean") BooleanType includeDesignations,
			@OperationParam(name = "includeDefinition", typeName = "boolean") BooleanType includeDefinition,
			@OperationParam(name = "displayLanguage", typeName = "code") CodeType displayLanguage,
			RequestDetails request) {
		int first = nonNegative(offset, "offset", 0);
		int size = nonNegative(count, "count", -1);
		if (size > settings.maxExpansionSize()) {
			throw new InvalidRequestException("count may be at most " + settings.maxExpansionSize());
		}
		TerminologySnapshot snapshot = terminology.snapshot(OperationInput.of(request));
		ValueSet valueSet = valueSet(snapshot, id, url, valueSetVersion, inline);
		boolean paged = size >= 0 || filter != null;
		// a page or a filtered view may be cut from a large value set; a whole expansion is capped
		ValueSetContents contents = new ValueSetContents(snapshot, paged ? Integer.MAX_VALUE : settings.maxExpansionSize());
		List<ExpansionItem> members = contents.members(valueSet);
		if (isTrue(activeOnly)) {
			members.removeIf(ExpansionItem::inactive);
		}
		if (filter != null && !filter.isEmpty()) {
			members.removeIf(item -> !matchesText(item, filter.getValue()));
		}
		int to = size < 0 ? members.size() : (int) Math.min(members.size(), (long) first + size);
		List<ExpansionItem> page = first >= members.size() ? List.of() : members.subList(first, to);

		ValueSet result = valueSet.copy();
		result.setCompose(null);
		ValueSetExpansionComponent expansion = result.getExpansion();
		expansion.setIdentifier("urn:uuid:" + UUID.randomUUID());
		expansion.setTimestamp(new Date());
		expansion.setTotal(members.size());
		expansion.setContains(new ArrayList<>());
		if (offset != null) {
			expansion.setOffset(first);
		}
		addParameter(expansion, "offset", offset);
		addParameter(expansion, "count", count);
		addParameter(expansion, "filter", filter);
		addParameter(expansion, "activeOnly", activeOnly);
		addParameter(expansion, "includeDesignations", includeDesignations);
		addParameter(expansion, "includeDefinition", includeDefinition);
		addParameter(expansion, "displayLanguage", displayLanguage);
		for (ExpansionItem item : page) {
			expansion.addContains(entry(item, isTrue(includeDesignations), isTrue(includeDefinition),
					Requests.value(displayLanguage)));
		}
		return result;
	}

	private static void addParameter(ValueSetExpansionComponent expansion, String name, Type value) {
		if (value != null && !value.isEmpty()) {
			expansion.addParameter().setName(name).setValue(value);
		}
	}

	private ValueSetExpansionContainsComponent entry(ExpansionItem item, boolean designations, boolean definition,
			String displayLanguage) {
		ValueSetExpansionContainsComponent entry = new ValueSetExpansionContainsComponent();
		entry.setSystem(item.system()).setCode(item.code());
		if (item.version() != null) {
			entry.setVersion(item.version());
		}
		String display = item.display();
		if (item.concept() != null && displayLanguage != null) {
			display = Displays.inLanguage(new ResolvedCode(item.codeSystem(), item.code(), item.concept(), List.of()),
					displayLanguage);
		}
		if (display != null) {
			entry.setDisplay(display);
		}
		if (item.inactive()) {
			entry.setInactive(true);
		}
		if (item.isAbstract()) {
			entry.setAbstract(true);
		}
		if (designations && item.concept() != null) {
			item.concept().getDesignation().forEach(d -> entry.addDesignation()
				.setLanguage(d.getLanguage())
				.setUse(d.getUse())
				.setValue(d.getValue()));
		}
		if (definition && item.concept() != null && item.concept().hasDefinition()) {
			entry.addExtension(CONCEPT_DEFINITION, new StringType(item.concept().getDefinition()));
		}
		return entry;
	}

	/** Every word of the filter starts a word of the display, or starts the code. */
	private static boolean matchesText(ExpansionItem item, String filter) {
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

	private static int nonNegative(IntegerType value, String name, int otherwise) {
		if (value == null || value.getValue() == null) {
			return otherwise;
		}
		if (value.getValue() < 0) {
			throw new InvalidRequestException("The " + name + " parameter must not be negative");
		}
		return value.getValue();
	}

	private static boolean isTrue(BooleanType flag) {
		return flag != null && flag.booleanValue();
	}

	private static ValueSet valueSet(TerminologySnapshot snapshot, IdType id, UriType url, StringType version,
			ValueSet inline) {
		if (inline != null) {
			return inline;
		}
		if (id != null && id.hasIdPart()) {
			return (ValueSet) snapshot.byId("ValueSet", id.getIdPart())
				.orElseThrow(() -> new ResourceNotFoundException("ValueSet/" + id.getIdPart() + " is not known"));
		}
		if (url == null || url.isEmpty()) {
			throw new InvalidRequestException("Say which ValueSet: a url, an inline valueSet, or ValueSet/[id]");
		}
		return snapshot.valueSet(url.getValue(), Requests.value(version))
			.orElseThrow(() -> new ResourceNotFoundException("The ValueSet '" + url.getValue() + "'"
					+ (version != null ? " version '" + version.getValue() + "'" : "") + " is not known to this server"));
	}

	@Operation(name = "$validate-code", typeName = "ValueSet", idempotent = true)
	public Parameters validateCode(@IdParam(optional = true) IdType id,
			@OperationParam(name = "url", typeName = "uri") UriType url,
			@OperationParam(name = "valueSetVersion", typeName = "string") StringType valueSetVersion,
			@OperationParam(name = "valueSet", typeName = "ValueSet") ValueSet inline,
			@OperationParam(name = "code", typeName = "code") CodeType code,
			@OperationParam(name = "system", typeName = "uri") UriType system,
			@OperationParam(name = "systemVersion", typeName = "string") StringType systemVersion,
			@OperationParam(name = "display", typeName = "string") StringType display,
			@OperationParam(name = "coding", typeName = "Coding") Coding coding,
			@OperationParam(name = "codeableConcept", typeName = "CodeableConcept") CodeableConcept codeableConcept,
			@OperationParam(name = "inferSystem", typeName = "boolean") BooleanType inferSystem,
			RequestDetails request) {
		TerminologySnapshot snapshot = terminology.snapshot(OperationInput.of(request));
		ValueSet valueSet = valueSet(snapshot, id, url, valueSetVersion, inline);
		CodeChecker checker = new CodeChecker(snapshot, settings.maxExpansionSize());
		if (codeableConcept != null) {
			return Requests.checkCodeableConcept(checker, codeableConcept, valueSet).toParameters();
		}
		Coding wanted = Requests.coding(code, system, systemVersion, coding, "code", "system");
		if (display != null) {
			wanted.setDisplay(display.getValue());
		}
		if (wanted.getCode() == null) {
			throw new InvalidRequestException("$validate-code needs a code, a coding or a codeableConcept");
		}
		if (wanted.getSystem() == null && isTrue(inferSystem)) {
			inferSystem(snapshot, valueSet, wanted);
		}
		Validation validation = new Validation();
		checker.check(wanted, valueSet, coding != null ? "Coding" : "code", validation);
		return validation.toParameters();
	}

	/** inferSystem: the one system of the value set that holds the code, if exactly one does. */
	private void inferSystem(TerminologySnapshot snapshot, ValueSet valueSet, Coding wanted) {
		ValueSetContents contents = new ValueSetContents(snapshot, settings.maxExpansionSize());
		List<String> systems = contents.members(valueSet)
			.stream()
			.filter(item -> item.code().equals(wanted.getCode()))
			.map(ExpansionItem::system)
			.distinct()
			.toList();
		if (systems.size() == 1) {
			wanted.setSystem(systems.get(0));
		}
	}

}
