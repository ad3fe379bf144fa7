package org.billingterminology.fhirpath;

import java.util.Map;
import java.util.TreeMap;

import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition.ChildTypeEnum;
import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IDomainResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The type stubs come from HAPI's list of model classes, without scanning them; they must be the
 * ones HAPI's scan of every R4 resource gives: the same names, kinds and bases.
 */
class TypeStubsTests {

	@Test
	void theStubsAreTheTypesOfHapisFullScan() {
		Map<String, String> stubs = new TreeMap<>();
		TypeStubWorkerContext.typeStubs(FhirContext.forR4Cached())
			.forEach((name, type) -> stubs.put(name, type.getKind() + " " + type.getBaseDefinition()));

		// and two R4 types HAPI's definitions leave out: id (HAPI defines IdType apart from the
		// primitives) and BackboneElement (never scanned on its own)
		Map<String, String> scannedAndTwo = scanned(FhirContext.forR4());
		scannedAndTwo.put("id", "PRIMITIVETYPE http://hl7.org/fhir/StructureDefinition/Element");
		scannedAndTwo.put("BackboneElement", "COMPLEXTYPE http://hl7.org/fhir/StructureDefinition/Element");
		assertThat(stubs).containsExactlyInAnyOrderEntriesOf(scannedAndTwo);
		assertThat(stubs).containsEntry("Bundle", "RESOURCE http://hl7.org/fhir/StructureDefinition/Resource")
			.containsEntry("Claim", "RESOURCE http://hl7.org/fhir/StructureDefinition/DomainResource")
			.containsEntry("code", "PRIMITIVETYPE http://hl7.org/fhir/StructureDefinition/Element")
			.containsEntry("Coding", "COMPLEXTYPE http://hl7.org/fhir/StructureDefinition/Element");
	}

	/** What the stubs were built from before: HAPI's definitions once every resource is scanned. */
	private static Map<String, String> scanned(FhirContext fhirContext) {
		String url = "http://hl7.org/fhir/StructureDefinition/";
		Map<String, String> types = new TreeMap<>();
		types.put("Resource", "RESOURCE null");
		types.put("DomainResource", "RESOURCE " + url + "Resource");
		types.put("Element", "COMPLEXTYPE null");
		for (String resource : fhirContext.getResourceTypes()) {
			boolean domain = IDomainResource.class
				.isAssignableFrom(fhirContext.getResourceDefinition(resource).getImplementingClass());
			types.putIfAbsent(resource, "RESOURCE " + url + (domain ? "DomainResource" : "Resource"));
		}
		for (BaseRuntimeElementDefinition<?> type : fhirContext.getElementDefinitions()) {
			if (type.getChildType() == ChildTypeEnum.PRIMITIVE_DATATYPE) {
				types.putIfAbsent(type.getName(), StructureDefinition.StructureDefinitionKind.PRIMITIVETYPE + " " + url + "Element");
			}
			else if (type.getChildType() == ChildTypeEnum.COMPOSITE_DATATYPE) {
				types.putIfAbsent(type.getName(), StructureDefinition.StructureDefinitionKind.COMPLEXTYPE + " " + url + "Element");
			}
		}
		return types;
	}

}
