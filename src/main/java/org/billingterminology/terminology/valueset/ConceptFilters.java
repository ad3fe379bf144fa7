package org.billingterminology.terminology.valueset;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.billingterminology.budget.WorkBudget;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;

/** ValueSet.compose filters (FHIR R4 filter-operator) evaluated against one concept. */
public final class ConceptFilters {

	/** The operators a filter on {@code concept} (or {@code code}) may use. */
	public static final List<String> CODE_OPERATORS = List.of("=", "is-a", "descendent-of", "is-not-a", "generalizes",
			"child-of", "descendent-leaf", "in", "not-in", "regex");

	/** Compiled regexes kept across requests; longer ones (rare, and costly to keep) are compiled per request. */
	private static final int MAX_CACHED_REGEX = 1000;

	private static final Cache<String, Pattern> PATTERNS = Caffeine.newBuilder().maximumSize(256).build();

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

	/** Whether one concept passes every filter (a membership test: the hierarchy is walked up from it). */
	public static boolean matchesAll(CodeSystemIndex codeSystem, ConceptDefinitionComponent concept,
			List<ConceptSetFilterComponent> filters) {
		return prepared(codeSystem, filters, false).test(concept);
	}

	/**
	 * The filters of one include prepared once for the many concepts of an expansion: each regex
	 * compiled once, and each hierarchy filter's codes walked once rather than every concept's
	 * ancestors again.
	 */
	static Predicate<ConceptDefinitionComponent> forMany(CodeSystemIndex codeSystem,
			List<ConceptSetFilterComponent> filters) {
		return prepared(codeSystem, filters, true);
	}

	private static Predicate<ConceptDefinitionComponent> prepared(CodeSystemIndex codeSystem,
			List<ConceptSetFilterComponent> filters, boolean many) {
		Predicate<ConceptDefinitionComponent> all = concept -> true;
		for (ConceptSetFilterComponent filter : filters) {
			all = all.and(prepared(codeSystem, filter, many));
		}
		Predicate<ConceptDefinitionComponent> tests = all;
		return concept -> {
			WorkBudget.spend(1);
			return tests.test(concept);
		};
	}

	private static Predicate<ConceptDefinitionComponent> prepared(CodeSystemIndex codeSystem,
			ConceptSetFilterComponent filter, boolean many) {
		String property = filter.getProperty();
		String op = operator(filter);
		String value = filter.getValue();
		if (op == null || value == null) {
			throw new InvalidRequestException("A ValueSet filter on '" + property + "' has no op or no value");
		}
		if ("concept".equals(property) || "code".equals(property)) {
			switch (op) {
				case "is-a":
					Predicate<String> below = isA(codeSystem, value, many);
					return concept -> below.test(concept.getCode());
				case "descendent-of":
					Predicate<String> under = isA(codeSystem, value, many);
					return concept -> !concept.getCode().equals(value) && under.test(concept.getCode());
				case "is-not-a":
					Predicate<String> outside = isA(codeSystem, value, many).negate();
					return concept -> outside.test(concept.getCode());
				case "generalizes":
					Predicate<String> above = many ? codeSystem.generalizesOf(value) : code -> codeSystem.isA(value, code);
					return concept -> above.test(concept.getCode());
				case "child-of":
					return concept -> codeSystem.parentsOf(concept.getCode()).contains(value);
				case "descendent-leaf":
					Predicate<String> leafUnder = isA(codeSystem, value, many);
					return concept -> !concept.getCode().equals(value) && leafUnder.test(concept.getCode())
							&& codeSystem.childrenOf(concept.getCode()).isEmpty();
				default:
					Predicate<List<String>> codeTest = valuesTest(op, value, property);
					return concept -> codeTest.test(List.of(concept.getCode()));
			}
		}
		Predicate<List<String>> test = valuesTest(op, value, property);
		if ("display".equals(property)) {
			return concept -> test.test(concept.hasDisplay() ? List.of(concept.getDisplay()) : List.of());
		}
		return concept -> test
			.test(codeSystem.propertyValues(concept, property).stream().map(ConceptFilters::asString).toList());
	}

	/** Is a code {@code ancestor} or below it: for many codes the codes below are walked once, for one its ancestors. */
	private static Predicate<String> isA(CodeSystemIndex codeSystem, String ancestor, boolean many) {
		return many ? codeSystem.isAOf(ancestor) : code -> codeSystem.isA(code, ancestor);
	}

	private static Predicate<List<String>> valuesTest(String op, String value, String property) {
		switch (op) {
			case "=":
				return values -> values.contains(value);
			case "in":
				Set<String> any = split(value);
				return values -> values.stream().anyMatch(any::contains);
			case "not-in":
				Set<String> none = split(value);
				return values -> values.stream().noneMatch(none::contains);
			case "regex":
				Pattern pattern = compile(value);
				return values -> values.stream().anyMatch(v -> v != null && BoundedText.matches(pattern, v));
			case "exists":
				boolean wanted = Boolean.parseBoolean(value);
				return values -> wanted == !values.isEmpty();
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
			// membership tests of one value set meet the same regex on every request
			return regex.length() > MAX_CACHED_REGEX ? Pattern.compile(regex) : PATTERNS.get(regex, Pattern::compile);
		}
		catch (PatternSyntaxException e) {
			throw new InvalidRequestException("The regex filter value '" + regex + "' is not a valid regular expression");
		}
	}

	private static String asString(Type value) {
		return CodeSystemIndex.valueAsString(value);
	}

}
