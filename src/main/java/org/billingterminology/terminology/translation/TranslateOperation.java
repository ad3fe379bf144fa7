package org.billingterminology.terminology.translation;

import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.billingterminology.terminology.model.Canonicals;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.stored.Snapshots;
import org.billingterminology.terminology.request.Codings;
import org.billingterminology.terminology.request.OperationInput;
import org.billingterminology.terminology.request.OperationRequest;
import org.billingterminology.terminology.request.ReplacingOperationProvider;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r4.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r4.model.ConceptMap.TargetElementComponent;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

import org.springframework.stereotype.Component;

/** $translate on ConceptMap (R4), answered from the terminology model. */
@Component
class TranslateOperation implements ReplacingOperationProvider {

	private final Snapshots snapshots;

	TranslateOperation(Snapshots snapshots) {
		this.snapshots = snapshots;
	}

	@Operation(name = "$translate", typeName = "ConceptMap", idempotent = true,
			// the definition the CapabilityStatement names; HAPI also resolves it to this binding (OpenAPI)
			canonicalUrl = "http://hl7.org/fhir/OperationDefinition/ConceptMap-translate")
	public Parameters translate(@IdParam(optional = true) IdType id,
			@OperationParam(name = "url", typeName = "uri") UriType url,
			@OperationParam(name = "conceptMapVersion", typeName = "string") StringType conceptMapVersion,
			@OperationParam(name = "conceptMap", typeName = "ConceptMap") ConceptMap inline,
			@OperationParam(name = "code", typeName = "code") CodeType code,
			@OperationParam(name = "system", typeName = "uri") UriType system,
			@OperationParam(name = "version", typeName = "string") StringType version,
			@OperationParam(name = "coding", typeName = "Coding") Coding coding,
			@OperationParam(name = "codeableConcept", typeName = "CodeableConcept") CodeableConcept codeableConcept,
			@OperationParam(name = "source", typeName = "uri") UriType source,
			@OperationParam(name = "target", typeName = "uri") UriType target,
			@OperationParam(name = "targetsystem", typeName = "uri") UriType targetSystem,
			@OperationParam(name = "reverse", typeName = "boolean") BooleanType reverse,
			RequestDetails details) {
		OperationRequest call = OperationRequest.of(details, snapshots);
		OperationInput input = call.input();
		Snapshot snapshot = call.snapshot();
		// R5 names the same request sourceCode/sourceSystem/targetSystem (forward) or targetCode (reverse);
		// the answer then uses R5's part names too (originMap for the map, source for the code mapped from)
		boolean r5 = input.has("sourceCode") || input.has("targetCode");
		if (r5) {
			boolean fromTarget = input.has("targetCode");
			code = new CodeType(input.string(fromTarget ? "targetCode" : "sourceCode"));
			system = input.string(fromTarget ? "targetSystem" : "sourceSystem") == null ? null
					: new UriType(input.string(fromTarget ? "targetSystem" : "sourceSystem"));
			String other = input.string(fromTarget ? "sourceSystem" : "targetSystem");
			targetSystem = other == null ? null : new UriType(other);
			reverse = new BooleanType(fromTarget);
		}
		List<Coding> codings = codeableConcept != null ? codeableConcept.getCoding()
				: List.of(Codings.coding(code, system, version, coding, "code", "system"));
		if (codings.isEmpty() || codings.stream().anyMatch(c -> c.getCode() == null || c.getSystem() == null)) {
			throw new InvalidRequestException("$translate needs a code and a system, a coding or a codeableConcept");
		}
		List<ConceptMap> maps = candidateMaps(snapshot, id, url, conceptMapVersion, inline, source, target);
		boolean backwards = reverse != null && reverse.booleanValue();
		Parameters result = new Parameters();
		for (ConceptMap map : maps) {
			for (ConceptMapGroupComponent group : map.getGroup()) {
				for (Coding wanted : codings) {
					addMatches(snapshot, map, group, wanted, Codings.value(targetSystem), backwards, r5, result);
				}
			}
		}
		boolean matched = result.getParameter()
			.stream()
			.anyMatch(p -> p.getPart().stream().anyMatch(part -> "equivalence".equals(part.getName())
					&& !List.of("unmatched", "disjoint").contains(part.getValue().primitiveValue())));
		result.getParameter().add(0, new ParametersParameterComponent().setName("result").setValue(new BooleanType(matched)));
		if (!matched) {
			result.getParameter().add(1, new ParametersParameterComponent().setName("message")
				.setValue(new StringType("No mapping was found for " + describe(codings) + (maps.isEmpty()
						? "; no ConceptMap applies" : " in " + maps.stream().map(ConceptMap::getUrl).toList()))));
		}
		return result;
	}

	private static String describe(List<Coding> codings) {
		return String.join(", ", codings.stream().map(c -> c.getSystem() + "#" + c.getCode()).toList());
	}

	private List<ConceptMap> candidateMaps(Snapshot snapshot, IdType id, UriType url, StringType version,
			ConceptMap inline, UriType source, UriType target) {
		if (inline != null) {
			return List.of(inline);
		}
		if (id != null && id.hasIdPart()) {
			return List.of((ConceptMap) snapshot.byId("ConceptMap", id.getIdPart())
				.orElseThrow(() -> new ResourceNotFoundException("ConceptMap/" + id.getIdPart() + " is not known")));
		}
		List<ConceptMap> maps = snapshot.conceptMaps()
			.stream()
			.filter(map -> url == null || url.getValue().equals(map.getUrl()))
			.filter(map -> version == null || version.getValue().equals(map.getVersion()))
			.filter(map -> source == null || source.getValue().equals(map.getSource() == null ? null : map.getSource().primitiveValue()))
			.filter(map -> target == null || target.getValue().equals(map.getTarget() == null ? null : map.getTarget().primitiveValue()))
			.toList();
		if (url != null && maps.isEmpty()) {
			throw new ResourceNotFoundException("The ConceptMap '" + url.getValue() + "' is not known to this server");
		}
		return maps;
	}

	private void addMatches(Snapshot snapshot, ConceptMap map, ConceptMapGroupComponent group, Coding wanted,
			String targetSystem, boolean backwards, boolean r5, Parameters result) {
		String from = snapshot.canonicalSystem(backwards ? group.getTarget() : group.getSource());
		String to = backwards ? group.getSource() : group.getTarget();
		if (!snapshot.canonicalSystem(wanted.getSystem()).equals(from)
				|| (targetSystem != null && !snapshot.canonicalSystem(targetSystem).equals(snapshot.canonicalSystem(to)))) {
			return;
		}
		for (SourceElementComponent element : group.getElement()) {
			for (TargetElementComponent mapped : element.getTarget()) {
				String fromCode = backwards ? mapped.getCode() : element.getCode();
				if (!wanted.getCode().equals(fromCode)) {
					continue;
				}
				Coding concept = backwards ? new Coding(to, element.getCode(), element.getDisplay())
						: new Coding(to, mapped.getCode(), mapped.getDisplay());
				ParametersParameterComponent match = result.addParameter().setName("match");
				ConceptMapEquivalence equivalence = mapped.hasEquivalence() ? mapped.getEquivalence()
						: ConceptMapEquivalence.EQUIVALENT;
				if (backwards && !r5) {
					// R4 states the equivalence from the code asked about: read backwards, narrower is wider
					equivalence = inverse(equivalence);
				}
				match.addPart().setName("equivalence").setValue(new CodeType(equivalence.toCode()));
				if (concept.getCode() != null) {
					match.addPart().setName("concept").setValue(concept);
				}
				if (r5) {
					match.addPart().setName("originMap").setValue(new CanonicalType(Canonicals.of(map)));
					if (backwards) {
						// R5's reverse answer: the code asked about, and the source code that maps to it
						match.getPart().removeIf(part -> "concept".equals(part.getName()));
						match.addPart().setName("concept").setValue(new Coding(wanted.getSystem(), wanted.getCode(), null));
						match.addPart().setName("source").setValue(concept);
					}
				}
				else {
					match.addPart().setName("source").setValue(new UriType(map.getUrl()));
				}
				if (mapped.hasComment()) {
					match.addPart().setName("comment").setValue(new StringType(mapped.getComment()));
				}
			}
		}
	}

	private static ConceptMapEquivalence inverse(ConceptMapEquivalence equivalence) {
		return switch (equivalence) {
			case WIDER -> ConceptMapEquivalence.NARROWER;
			case NARROWER -> ConceptMapEquivalence.WIDER;
			case SUBSUMES -> ConceptMapEquivalence.SPECIALIZES;
			case SPECIALIZES -> ConceptMapEquivalence.SUBSUMES;
			default -> equivalence;
		};
	}

}
