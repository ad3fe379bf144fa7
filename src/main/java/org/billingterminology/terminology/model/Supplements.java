package org.billingterminology.terminology.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * CodeSystem supplements a request asks for (useSupplement, or a value set's valueset-supplement
 * extension): their designations and properties join the supplemented code system's concepts for
 * that request. A supplement asked for but not known is an error; one not asked for is not used.
 */
public final class Supplements {

	static final String VALUESET_SUPPLEMENT = "http://hl7.org/fhir/StructureDefinition/valueset-supplement";

	/** Marks a designation that came from a supplement, so $lookup can name its source. */
	public static final String SOURCE = "http://fhir.billing-terminology.org/StructureDefinition/designation-source";

	private static final String APPLIED = Supplements.class.getName() + ".applied";

	private final Snapshot snapshot;

	private final List<String> used;

	private Supplements(Snapshot snapshot, List<String> used) {
		this.snapshot = snapshot;
		this.used = used;
	}

	/** The snapshot with the supplements applied, for this request only. */
	public Snapshot snapshot() {
		return snapshot;
	}

	/** The supplements applied (url|version), for used-supplement parameters. */
	public List<String> used() {
		return used;
	}

	/** @param asked the useSupplement canonicals of the request; a value set's own supplements are added */
	public static Supplements apply(Snapshot snapshot, List<String> asked, ValueSet valueSet) {
		List<String> wanted = new ArrayList<>(asked);
		if (valueSet != null) {
			valueSet.getExtension()
				.stream()
				.filter(e -> VALUESET_SUPPLEMENT.equals(e.getUrl()) && e.getValue() != null)
				.forEach(e -> wanted.add(e.getValue().primitiveValue()));
		}
		if (wanted.isEmpty()) {
			return new Supplements(snapshot, List.of());
		}
		Map<String, CodeSystem> merged = new LinkedHashMap<>();
		List<String> used = new ArrayList<>();
		for (String canonical : wanted) {
			CodeSystem supplement = snapshot.supplement(canonical)
				.orElseThrow(() -> Failures.notFound("Required supplement not found: " + canonical));
			CodeSystemIndex base = snapshot.codeSystem(supplement.getSupplements(), null)
				.orElseThrow(() -> Failures.notFound("The code system '" + supplement.getSupplements()
						+ "' that the supplement " + canonical + " supplements is not known"));
			String source = Canonicals.of(supplement);
			if (appliedIn(base.resource()).contains(source)) {
				// laid over the stored code system already (the server's own billing supplements)
				if (!used.contains(source)) {
					used.add(source);
				}
				continue;
			}
			String key = base.url() + "|" + base.version();
			CodeSystem target = merged.computeIfAbsent(key, k -> {
				CodeSystem copy = base.resource().copy();
				copy.setUserData(APPLIED, appliedIn(base.resource()));
				return copy;
			});
			layInto(target, supplement);
			if (!used.contains(source)) {
				used.add(source);
			}
		}
		return new Supplements(snapshot.with(List.copyOf(merged.values())), used);
	}

	/** The supplements (url|version) laid into a code system so far. */
	@SuppressWarnings("unchecked")
	public static List<String> appliedIn(CodeSystem codeSystem) {
		Object applied = codeSystem.getUserData(APPLIED);
		return applied instanceof List<?> list ? (List<String>) list : List.of();
	}

	/** Lays a supplement's properties and designations into the code system itself, which it changes. */
	public static void layInto(CodeSystem target, CodeSystem supplement) {
		String source = Canonicals.of(supplement);
		List<String> applied = new ArrayList<>(appliedIn(target));
		applied.add(source);
		target.setUserData(APPLIED, List.copyOf(applied));
		CodeSystemIndex index = CodeSystemIndex.of(target);
		supplement.getProperty()
			.stream()
			.filter(p -> target.getProperty().stream().noneMatch(existing -> existing.getCode().equals(p.getCode())))
			.forEach(p -> target.addProperty(p.copy()));
		for (ConceptDefinitionComponent extra : flatten(supplement.getConcept(), new ArrayList<>())) {
			index.concept(extra.getCode()).ifPresent(concept -> {
				for (ConceptDefinitionDesignationComponent designation : extra.getDesignation()) {
					ConceptDefinitionDesignationComponent copy = designation.copy();
					copy.addExtension(SOURCE, new CanonicalType(source));
					concept.addDesignation(copy);
				}
				extra.getProperty().forEach(property -> concept.addProperty(property.copy()));
				extra.getExtension().forEach(extension -> concept.addExtension(extension.copy()));
			});
		}
	}

	private static List<ConceptDefinitionComponent> flatten(List<ConceptDefinitionComponent> concepts,
			List<ConceptDefinitionComponent> into) {
		for (ConceptDefinitionComponent concept : concepts) {
			into.add(concept);
			flatten(concept.getConcept(), into);
		}
		return into;
	}

}
