package org.billingterminology.billing;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition.ChildTypeEnum;
import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.context.IWorkerContext;
import org.hl7.fhir.r4.context.IWorkerContext.ValidationResult;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;

/**
 * The little of an R4 worker context that FHIRPath evaluation of billing rules needs. The engine
 * lists the known types once (for {@code ofType()}, {@code is}, {@code as}) and asks
 * {@code validateCode} for every {@code memberOf()}; HAPI's full worker would load every R4
 * StructureDefinition at start for that. So this holds a name-only StructureDefinition per R4 data
 * type and resource, and sends {@code validateCode} to the membership test it is given. Anything
 * else the engine might ask fails loudly rather than answer wrongly. A dynamic proxy, because the
 * interface has some sixty methods of which the engine calls six.
 */
final class RuleWorkerContext {

	/** Whether a coding or concept is in a value set (the one the host services resolved). */
	interface Membership {

		boolean holds(ValueSet valueSet, CodeableConcept concept);

	}

	private RuleWorkerContext() {
	}

	static IWorkerContext over(FhirContext fhirContext, Membership membership) {
		Map<String, StructureDefinition> types = typeStubs(fhirContext);
		List<StructureDefinition> all = List.copyOf(types.values());
		return (IWorkerContext) Proxy.newProxyInstance(RuleWorkerContext.class.getClassLoader(),
				new Class<?>[] { IWorkerContext.class }, (proxy, method, args) -> switch (method.getName()) {
					case "fetchResourcesByType", "allStructures", "getStructures" -> all;
					case "fetchTypeDefinition" -> types.get(args[0]);
					case "getResourceNames" -> all.stream().filter(sd -> sd.getKind() == StructureDefinitionKind.RESOURCE)
						.map(StructureDefinition::getName).toList();
					case "getVersion" -> "4.0.1";
					case "fetchResource" -> null;
					case "formatMessage", "formatMessagePlural" -> Arrays.stream(args).map(String::valueOf)
						.collect(Collectors.joining(" "));
					case "validateCode" -> validateCode(membership, args);
					case "toString" -> "RuleWorkerContext";
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> throw new UnsupportedOperationException(
							"A billing rule used a FHIRPath feature that needs " + method.getName() + ", which is not available");
				});
	}

	private static ValidationResult validateCode(Membership membership, Object[] args) {
		if (args.length != 3 || !(args[2] instanceof ValueSet valueSet)) {
			throw new UnsupportedOperationException("memberOf() is supported for a Coding or CodeableConcept only");
		}
		CodeableConcept concept = args[1] instanceof Coding coding ? new CodeableConcept(coding)
				: args[1] instanceof CodeableConcept given ? given : null;
		if (concept == null) {
			throw new UnsupportedOperationException("memberOf() is supported for a Coding or CodeableConcept only");
		}
		return membership.holds(valueSet, concept)
				? new ValidationResult(IssueSeverity.INFORMATION, null, (ConceptDefinitionComponent) null)
				: new ValidationResult(IssueSeverity.ERROR, "not in " + valueSet.getUrl(), (ConceptDefinitionComponent) null);
	}

	/** A StructureDefinition with only name, type and kind for every R4 type HAPI knows. */
	private static Map<String, StructureDefinition> typeStubs(FhirContext fhirContext) {
		Function<String, StructureDefinition> stub = name -> new StructureDefinition().setName(name).setType(name)
			.setUrl("http://hl7.org/fhir/StructureDefinition/" + name).setDerivation(TypeDerivationRule.SPECIALIZATION);
		Map<String, StructureDefinition> types = new java.util.TreeMap<>();
		for (String resource : fhirContext.getResourceTypes()) {
			types.put(resource, stub.apply(resource).setKind(StructureDefinitionKind.RESOURCE));
		}
		for (BaseRuntimeElementDefinition<?> type : fhirContext.getElementDefinitions()) {
			if (type.getChildType() == ChildTypeEnum.PRIMITIVE_DATATYPE) {
				types.putIfAbsent(type.getName(), stub.apply(type.getName()).setKind(StructureDefinitionKind.PRIMITIVETYPE));
			}
			else if (type.getChildType() == ChildTypeEnum.COMPOSITE_DATATYPE) {
				types.putIfAbsent(type.getName(), stub.apply(type.getName()).setKind(StructureDefinitionKind.COMPLEXTYPE));
			}
		}
		return types;
	}

}
