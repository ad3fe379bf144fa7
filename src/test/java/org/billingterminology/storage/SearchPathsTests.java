package org.billingterminology.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The type-names-only engine that indexes stored resources selects what HAPI's full engine (over
 * every R4 StructureDefinition) selects, for every built-in search parameter of every type this
 * server stores, on every shipped resource.
 */
class SearchPathsTests {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private final SearchPaths lean = new SearchPaths(FHIR);

	private final FHIRPathEngine full = new FHIRPathEngine(new HapiWorkerContext(FHIR, FHIR.getValidationSupport()));

	@Test
	void everyBuiltInSearchPathSelectsWhatHapisFullEngineSelects() throws IOException {
		int compared = 0;
		int nonEmpty = 0;
		List<String> differences = new ArrayList<>();
		for (Resource resource : shippedResources()) {
			for (RuntimeSearchParam parameter : FHIR.getResourceDefinition(resource).getSearchParams()) {
				for (String path : parameter.getPathsSplit()) {
					if (path.contains("resolve()")) {
						continue;
					}
					List<String> ours = render(lean.evaluate(resource, path));
					List<String> hapis = render(full.evaluate(resource, path));
					compared++;
					nonEmpty += hapis.isEmpty() ? 0 : 1;
					if (!ours.equals(hapis)) {
						differences.add(resource.getIdElement().getIdPart() + " " + path + ": " + ours + " vs " + hapis);
					}
				}
			}
		}
		assertThat(differences).isEmpty();
		assertThat(compared).isGreaterThan(500);
		assertThat(nonEmpty).isGreaterThan(100);
	}

	@Test
	void aPathThatStartsWithABaseTypeSelectsFromEveryResource() throws IOException {
		for (Resource resource : shippedResources()) {
			assertThat(lean.evaluate(resource, "Resource.id")).as(resource.getId()).hasSize(1);
		}
		Resource valueSet = shippedResources().stream().filter(r -> r.fhirType().equals("ValueSet")).findFirst().orElseThrow();
		assertThat(render(lean.evaluate(valueSet, "DomainResource.id | ValueSet.url")))
			.isEqualTo(render(full.evaluate(valueSet, "DomainResource.id | ValueSet.url")))
			.hasSize(2);
		assertThat(lean.evaluate(valueSet, "CodeSystem.url")).isEmpty();
	}

	@Test
	void aResolvedReferenceHasTheTypeItsUrlNames() throws IOException {
		Resource payerNotes = shippedResources().stream()
			.filter(r -> r.getIdElement().getIdPart().equals("cpt-77003-medicare")).findFirst().orElseThrow();
		assertThat(lean.evaluate(payerNotes, "ChargeItemDefinition.useContext.value.as(Reference).where(resolve() is Organization)"))
			.hasSize(1);
		assertThat(lean.evaluate(payerNotes, "ChargeItemDefinition.useContext.value.as(Reference).where(resolve() is Patient)"))
			.isEmpty();
	}

	private static List<String> render(List<Base> values) {
		return values.stream()
			.map(value -> value.fhirType() + "="
					+ (value.isPrimitive() ? value.primitiveValue() : FHIR.newJsonParser().encodeToString(value)))
			.toList();
	}

	private static List<Resource> shippedResources() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("fhir-resources"))) {
			return files.filter(file -> file.getFileName().toString().matches("[A-Z][A-Za-z]+-.+\\.json"))
				.filter(file -> ServedTypes.RESOURCE_TYPES.contains(file.getFileName().toString().split("-")[0]))
				.sorted()
				.map(SearchPathsTests::parse)
				.toList();
		}
	}

	private static Resource parse(Path file) {
		try {
			return (Resource) FHIR.newJsonParser().parseResource(Files.readString(file));
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

}
