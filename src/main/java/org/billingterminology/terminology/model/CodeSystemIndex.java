package org.billingterminology.terminology.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.billingterminology.budget.WorkBudget;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptPropertyComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Type;

/**
 * One version of one CodeSystem, indexed for lookups: every concept by code (nested concepts
 * flattened), and the is-a hierarchy from nesting and from parent/child properties.
 */
public final class CodeSystemIndex {

	/** THO's CPT property that marks a modifier code; its presence enables code:modifier expressions. */
	static final String MODIFIER_PROPERTY = "modifier";

	static final String NOT_SELECTABLE_URI = "http://hl7.org/fhir/concept-properties#notSelectable";

	private final CodeSystem resource;

	private final Map<String, ConceptDefinitionComponent> concepts = new LinkedHashMap<>();

	private final Map<String, Set<String>> parents = new HashMap<>();

	private final Map<String, Set<String>> children = new HashMap<>();

	/** The display words of every concept, for $expand filters; made on first use. */
	private volatile DisplayWords displayWords;

	private CodeSystemIndex(CodeSystem resource) {
		this.resource = resource;
		resource.getConcept().forEach(concept -> index(concept, null));
		for (ConceptDefinitionComponent concept : concepts.values()) {
			for (ConceptPropertyComponent property : concept.getProperty()) {
				if ("parent".equals(property.getCode()) && property.hasValue()) {
					link(valueAsString(property.getValue()), concept.getCode());
				}
				if ("child".equals(property.getCode()) && property.hasValue()) {
					link(concept.getCode(), valueAsString(property.getValue()));
				}
			}
		}
	}

	public static CodeSystemIndex of(CodeSystem resource) {
		return new CodeSystemIndex(resource);
	}

	private void index(ConceptDefinitionComponent concept, String parent) {
		concepts.putIfAbsent(key(concept.getCode()), concept);
		if (parent != null) {
			link(parent, concept.getCode());
		}
		concept.getConcept().forEach(child -> index(child, concept.getCode()));
	}

	private void link(String parent, String child) {
		parents.computeIfAbsent(key(child), k -> new HashSet<>()).add(key(parent));
		children.computeIfAbsent(key(parent), k -> new HashSet<>()).add(key(child));
	}

	private String key(String code) {
		return code == null ? "" : resource.getCaseSensitive() || !resource.hasCaseSensitive() ? code
				: code.toLowerCase(Locale.ROOT);
	}

	public CodeSystem resource() {
		return resource;
	}

	public String url() {
		return resource.getUrl();
	}

	public String version() {
		return resource.getVersion();
	}

	public Optional<ConceptDefinitionComponent> concept(String code) {
		return Optional.ofNullable(concepts.get(key(code)));
	}

	public Iterable<ConceptDefinitionComponent> concepts() {
		return Collections.unmodifiableCollection(concepts.values());
	}

	int size() {
		return concepts.size();
	}

	/**
	 * The concepts, in {@link #concepts()} order, that have for each of the lower-case prefixes a
	 * display word or a code starting with it. The words are indexed once per code system version,
	 * so that an $expand filter over 100,000 concepts reads only the concepts it finds.
	 */
	public List<ConceptDefinitionComponent> conceptsWithWordsStarting(List<String> prefixes) {
		DisplayWords words = displayWords;
		if (words == null) {
			// once, by the first request that needs it: concurrent first requests wait for it
			synchronized (this) {
				words = displayWords;
				if (words == null) {
					words = DisplayWords.of(new ArrayList<>(concepts.values()));
					displayWords = words;
				}
			}
		}
		return words.matching(prefixes);
	}

	public List<String> parentsOf(String code) {
		return codes(parents.get(key(code)));
	}

	public List<String> childrenOf(String code) {
		return codes(children.get(key(code)));
	}

	private List<String> codes(Set<String> keys) {
		if (keys == null) {
			return List.of();
		}
		List<String> codes = new ArrayList<>();
		keys.forEach(k -> concept(k).ifPresent(c -> codes.add(c.getCode())));
		Collections.sort(codes);
		return codes;
	}

	/** True when {@code descendant} is {@code ancestor} or lies below it (walked upwards: one code's ancestors). */
	public boolean isA(String descendant, String ancestor) {
		return walk(key(descendant), parents).contains(key(ancestor));
	}

	/**
	 * Whether a code is {@code ancestor} or lies below it, for testing many codes: the codes below
	 * are walked once, not each code's ancestors again (which is quadratic in a deep hierarchy).
	 */
	public Predicate<String> isAOf(String ancestor) {
		Set<String> below = walk(key(ancestor), children);
		return code -> below.contains(key(code));
	}

	/** Whether a code is {@code descendant} or lies above it, for testing many codes. */
	public Predicate<String> generalizesOf(String descendant) {
		Set<String> above = walk(key(descendant), parents);
		return code -> above.contains(key(code));
	}

	/** The keys reachable from one along the links (itself included), each node a step of the request's budget. */
	private static Set<String> walk(String start, Map<String, Set<String>> links) {
		Set<String> seen = new HashSet<>();
		List<String> queue = new ArrayList<>(List.of(start));
		while (!queue.isEmpty()) {
			String next = queue.remove(queue.size() - 1);
			if (seen.add(next)) {
				WorkBudget.spend(1);
				queue.addAll(links.getOrDefault(next, Set.of()));
			}
		}
		return seen;
	}

	public List<Type> propertyValues(ConceptDefinitionComponent concept, String code) {
		List<Type> values = new ArrayList<>();
		for (ConceptPropertyComponent property : concept.getProperty()) {
			if (code.equals(property.getCode()) && property.hasValue()) {
				values.add(property.getValue());
			}
		}
		return values;
	}

	public boolean isInactive(ConceptDefinitionComponent concept) {
		for (ConceptPropertyComponent property : concept.getProperty()) {
			String code = property.getCode();
			if ("inactive".equals(code) && property.getValue() instanceof BooleanType inactive) {
				return inactive.booleanValue();
			}
			if ("status".equals(code) && property.hasValue()) {
				String status = valueAsString(property.getValue());
				return "retired".equals(status) || "inactive".equals(status);
			}
		}
		return false;
	}

	/** The concept's status property (active, retired, deprecated...), or null when it has none. */
	public String status(ConceptDefinitionComponent concept) {
		for (ConceptPropertyComponent property : concept.getProperty()) {
			if ("status".equals(property.getCode()) && property.hasValue()) {
				return valueAsString(property.getValue());
			}
		}
		// a standards status (deprecated, withdrawn) on the concept itself
		return concept.getExtensionString("http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status");
	}

	/** The code this code system gives FHIR's notSelectable property (it may rename it, keeping the uri). */
	private String notSelectableCode() {
		return resource.getProperty()
			.stream()
			.filter(p -> NOT_SELECTABLE_URI.equals(p.getUri()))
			.map(p -> p.getCode())
			.findFirst()
			.orElse("notSelectable");
	}

	public boolean isAbstract(ConceptDefinitionComponent concept) {
		String notSelectable = notSelectableCode();
		for (ConceptPropertyComponent property : concept.getProperty()) {
			if (notSelectable.equals(property.getCode()) && property.getValue() instanceof BooleanType value) {
				return value.booleanValue();
			}
		}
		return false;
	}

	public boolean supportsModifierExpressions() {
		return resource.getProperty().stream().anyMatch(p -> MODIFIER_PROPERTY.equals(p.getCode()));
	}

	boolean isModifier(ConceptDefinitionComponent concept) {
		return propertyValues(concept, MODIFIER_PROPERTY).stream()
			.anyMatch(value -> value instanceof BooleanType flag && flag.booleanValue());
	}

	public static String valueAsString(Type value) {
		if (value instanceof Coding coding) {
			return coding.getCode();
		}
		if (value instanceof CodeType code) {
			return code.getValue();
		}
		if (value instanceof PrimitiveType<?> primitive) {
			return primitive.getValueAsString();
		}
		return null;
	}

}
