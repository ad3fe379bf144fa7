package org.billingterminology.terminology.valueset;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;

/** ValueSet.compose filters (FHIR R4 filter-operator) evaluated against one concept. */
public final class ConceptFilters {

	/** The operators a filter on {@code concept} (or {@code code}) may use. */
	public static final List<String> CODE_OPERATORS = List.of("=", "is-a", "descendent-of", "is-not-a", "generalizes",
			"child-of", "descendent-leaf", "in", "not-in", "regex");

	private ConceptFilters() {
	}

	/** R5 operators (child-of, descendent-leaf) reach R4 as an extension on filter.op. */
	static final String R5_OPERATOR = "http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.compose.include.filter.op";

	static String operator(ConceptSetFilterComponent filter) {
		if (filter.getOp() != null && filter.getOp() != org.hl7.fhir.r4.model.ValueSet.FilterOperator.NULL) {
			return filter.getOp().toCode();
		}
		if (filter.hasOpElement() && filter.getOpElement().hasExtension(R5_OPERATOR)) {
			return filter.getOpElement().getExtensionString(R5_OPERATOR);
		}
		return null;
	}

	public static boolean matchesAll(CodeSystemIndex codeSystem, ConceptDefinitionComponent concept,
			List<ConceptSetFilterComponent> filters) {
		for (ConceptSetFilterComponent filter : filters) {
			if (!matches(codeSystem, concept, filter)) {
				return false;
			}
		}
		return true;
	}

	static boolean matches(CodeSystemIndex codeSystem, ConceptDefinitionComponent concept,
			ConceptSetFilterComponent filter) {
		String property = filter.getProperty();
		String op = operator(filter);
		String value = filter.getValue();
		if (op == null || value == null) {
			throw new InvalidRequestException("A ValueSet filter on '" + property + "' has no op or no value");
		}
		boolean onCode = "concept".equals(property) || "code".equals(property);
		if (onCode) {
			switch (op) {
				case "is-a":
					return codeSystem.isA(concept.getCode(), value);
				case "descendent-of":
					return !concept.getCode().equals(value) && codeSystem.isA(concept.getCode(), value);
				case "is-not-a":
					return !codeSystem.isA(concept.getCode(), value);
				case "generalizes":
					return codeSystem.isA(value, concept.getCode());
				case "child-of":
					return codeSystem.parentsOf(concept.getCode()).contains(value);
				case "descendent-leaf":
					return !concept.getCode().equals(value) && codeSystem.isA(concept.getCode(), value)
							&& codeSystem.childrenOf(concept.getCode()).isEmpty();
				default:
					return matchesValues(op, value, List.of(concept.getCode()), property);
			}
		}
		if ("display".equals(property)) {
			return matchesValues(op, value, concept.hasDisplay() ? List.of(concept.getDisplay()) : List.of(), property);
		}
		List<String> values = codeSystem.propertyValues(concept, property)
			.stream()
			.map(ConceptFilters::asString)
			.toList();
		return matchesValues(op, value, values, property);
	}

	private static boolean matchesValues(String op, String value, List<String> values, String property) {
		switch (op) {
			case "=":
				return values.contains(value);
			case "in":
				return values.stream().anyMatch(split(value)::contains);
			case "not-in":
				return values.stream().noneMatch(split(value)::contains);
			case "regex":
				Pattern pattern = compile(value);
				return values.stream().anyMatch(v -> BoundedText.matches(pattern, v));
			case "exists":
				return Boolean.parseBoolean(value) == !values.isEmpty();
			default:
				throw new InvalidRequestException(
						"The filter operator '" + op + "' is not supported on the property '" + property + "'");
		}
	}

	private static Set<String> split(String value) {
		return Arrays.stream(value.split(",")).map(String::trim).collect(Collectors.toSet());
	}

	private static Pattern compile(String regex) {
		try {
			return Pattern.compile(regex);
		}
		catch (PatternSyntaxException e) {
			throw new InvalidRequestException("The regex filter value '" + regex + "' is not a valid regular expression");
		}
	}

	private static String asString(Type value) {
		return CodeSystemIndex.valueAsString(value);
	}

}
