package org.billingterminology;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code systems, value sets and concept maps sent as tx-resource take part in that one request
 * (how HL7's validator and test runner send what they hold) and are never stored.
 */
class TxResourceIT extends ServerTestSupport {

	private static final String COLOURS = "http://example.org/tx-resource/CodeSystem/colours";

	private static final String WARM = "http://example.org/tx-resource/ValueSet/warm";

	private static CodeSystem colours() {
		CodeSystem codeSystem = new CodeSystem();
		codeSystem.setUrl(COLOURS).setVersion("1.0.0").setName("Colours").setStatus(PublicationStatus.ACTIVE);
		codeSystem.setLanguage("en");
		codeSystem.setContent(CodeSystemContentMode.COMPLETE).setCaseSensitive(true);
		var red = codeSystem.addConcept().setCode("red").setDisplay("Red").setDefinition("The colour of blood");
		red.addDesignation().setLanguage("de").setValue("Rot");
		red.addConcept().setCode("crimson").setDisplay("Crimson");
		codeSystem.addConcept().setCode("blue").setDisplay("Blue").addDesignation().setLanguage("de").setValue("Blau");
		return codeSystem;
	}

	private static ValueSet warm() {
		ValueSet valueSet = new ValueSet();
		valueSet.setUrl(WARM).setVersion("1.0.0").setStatus(PublicationStatus.ACTIVE);
		valueSet.getCompose().addInclude().setSystem(COLOURS).addFilter().setProperty("concept")
			.setOp(ValueSet.FilterOperator.ISA).setValue("red");
		return valueSet;
	}

	private static Parameters with(Parameters request, Resource... resources) {
		for (Resource resource : resources) {
			request.addParameter().setName("tx-resource").setResource(resource);
		}
		return request;
	}

	private Parameters operation(Class<? extends Resource> type, String name, Parameters request) {
		return client().operation().onType(type).named(name).withParameters(request).execute();
	}

	private static boolean result(Parameters parameters) {
		return Boolean.parseBoolean(parameters.getParameterValue("result").primitiveValue());
	}

	@Test
	void validateCodeUsesACodeSystemAndValueSetFromTheRequest() {
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(WARM));
		request.addParameter("coding", new Coding(COLOURS, "crimson", "Crimson"));
		Parameters answer = operation(ValueSet.class, "$validate-code", with(request, colours(), warm()));
		assertThat(result(answer)).isTrue();
		assertThat(answer.getParameterValue("version").primitiveValue()).isEqualTo("1.0.0");

		Parameters outside = new Parameters();
		outside.addParameter("url", new UriType(WARM));
		outside.addParameter("coding", new Coding(COLOURS, "blue", null));
		assertThat(result(operation(ValueSet.class, "$validate-code", with(outside, colours(), warm())))).isFalse();
	}

	@Test
	void codeSystemValidateCodeUsesACodeSystemFromTheRequest() {
		Parameters request = new Parameters();
		request.addParameter("coding", new Coding(COLOURS, "blue", null));
		assertThat(result(operation(CodeSystem.class, "$validate-code", with(request, colours())))).isTrue();
	}

	@Test
	void nothingSentAsTxResourceIsStoredOrRemembered() {
		Parameters request = new Parameters();
		request.addParameter("coding", new Coding(COLOURS, "blue", null));
		operation(CodeSystem.class, "$validate-code", with(request, colours()));

		Bundle stored = client().search().byUrl("CodeSystem?url=" + COLOURS).returnBundle(Bundle.class).execute();
		assertThat(stored.getEntry()).isEmpty();
		Parameters again = new Parameters();
		again.addParameter("coding", new Coding(COLOURS, "blue", null));
		Parameters answer = operation(CodeSystem.class, "$validate-code", again);
		assertThat(result(answer)).isFalse();
		assertThat(answer.getParameterValue("x-unknown-system").primitiveValue()).isEqualTo(COLOURS);
	}

	@Test
	void lookupUsesACodeSystemFromTheRequestInTheRequestedLanguage() {
		Parameters request = new Parameters();
		request.addParameter("system", new UriType(COLOURS));
		request.addParameter("code", new CodeType("red"));
		request.addParameter("displayLanguage", new CodeType("de"));
		Parameters answer = operation(CodeSystem.class, "$lookup", with(request, colours()));
		assertThat(answer.getParameterValue("display").primitiveValue()).isEqualTo("Rot");
		assertThat(answer.getParameterValue("definition").primitiveValue()).isEqualTo("The colour of blood");
		assertThat(answer.getParameter()).filteredOn(p -> p.getName().equals("designation"))
			.extracting(p -> p.getPart().stream().filter(part -> part.getName().equals("value")).findFirst().orElseThrow()
				.getValue().primitiveValue())
			.contains("Rot", "Red");
	}

	@Test
	void expandUsesAValueSetFromTheRequestWithLanguageAndDesignations() {
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(WARM));
		request.addParameter("displayLanguage", new CodeType("de"));
		request.addParameter("includeDesignations", new BooleanType(true));
		ValueSet expansion = client().operation()
			.onType(ValueSet.class)
			.named("$expand")
			.withParameters(with(request, colours(), warm()))
			.returnResourceType(ValueSet.class)
			.execute();
		assertThat(expansion.getExpansion().getTotal()).isEqualTo(2);
		var red = expansion.getExpansion().getContains().stream().filter(c -> c.getCode().equals("red")).findFirst().orElseThrow();
		assertThat(red.getDisplay()).isEqualTo("Rot");
		// the English display stays available as a designation
		assertThat(red.getDesignation()).anySatisfy(d -> {
			assertThat(d.getLanguage()).isEqualTo("en");
			assertThat(d.getValue()).isEqualTo("Red");
		});
		assertThat(expansion.getExpansion().getParameter()).anySatisfy(p -> {
			assertThat(p.getName()).isEqualTo("used-codesystem");
			assertThat(p.getValue().primitiveValue()).isEqualTo(COLOURS + "|1.0.0");
		});
	}

	@Test
	void subsumesUsesACodeSystemFromTheRequest() {
		Parameters request = new Parameters();
		request.addParameter("system", new UriType(COLOURS));
		request.addParameter("codeA", new CodeType("red"));
		request.addParameter("codeB", new CodeType("crimson"));
		Parameters answer = operation(CodeSystem.class, "$subsumes", with(request, colours()));
		assertThat(answer.getParameterValue("outcome").primitiveValue()).isEqualTo("subsumes");
	}

	@Test
	void translateUsesAConceptMapFromTheRequest() {
		ConceptMap map = new ConceptMap();
		map.setUrl("http://example.org/tx-resource/ConceptMap/colour-to-cpt").setStatus(PublicationStatus.ACTIVE);
		var group = map.addGroup().setSource(COLOURS).setTarget(CPT);
		group.addElement().setCode("red").addTarget().setCode("77003").setEquivalence(ConceptMapEquivalence.RELATEDTO);
		Parameters request = new Parameters();
		request.addParameter("coding", new Coding(COLOURS, "red", null));
		Parameters answer = operation(ConceptMap.class, "$translate", with(request, colours(), map));
		assertThat(result(answer)).isTrue();
		assertThat(answer.getParameter()).filteredOn(p -> p.getName().equals("match"))
			.singleElement()
			.satisfies(match -> assertThat(((Coding) match.getPart()
				.stream()
				.filter(part -> part.getName().equals("concept"))
				.findFirst()
				.orElseThrow()
				.getValue()).getCode()).isEqualTo("77003"));
	}

	@Test
	void aSuppliedValueSetWinsOverAStoredOneWithTheSameUrlAndVersion() {
		ValueSet stored = ShippedContent.read("ValueSet-cpt-77003-modifiers.json", ValueSet.class);
		ValueSet replacement = new ValueSet();
		replacement.setUrl(stored.getUrl()).setVersion(stored.getVersion()).setStatus(PublicationStatus.ACTIVE);
		replacement.getCompose().addInclude().setSystem(CPT).addConcept().setCode("51");
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(stored.getUrl()));
		request.addParameter("coding", new Coding(CPT, "51", null));
		assertThat(result(operation(ValueSet.class, "$validate-code", with(request, replacement)))).isTrue();
		Parameters plain = new Parameters();
		plain.addParameter("url", new UriType(stored.getUrl()));
		plain.addParameter("coding", new Coding(CPT, "51", null));
		assertThat(result(operation(ValueSet.class, "$validate-code", plain))).isFalse();
	}

	private static CodeSystem supplement() {
		CodeSystem supplement = new CodeSystem();
		supplement.setUrl("http://example.org/tx-resource/CodeSystem/colours-fr").setVersion("1.0.0")
			.setStatus(PublicationStatus.ACTIVE);
		supplement.setContent(CodeSystemContentMode.SUPPLEMENT).setSupplements(COLOURS);
		supplement.addConcept().setCode("red").addDesignation().setLanguage("fr").setValue("Rouge");
		return supplement;
	}

	@Test
	void aSupplementCountsOnlyWhenAskedFor() {
		Parameters plain = new Parameters();
		plain.addParameter("url", new UriType(COLOURS));
		plain.addParameter("coding", new Coding(COLOURS, "red", "Rouge"));
		assertThat(result(operation(CodeSystem.class, "$validate-code", with(plain, colours(), supplement())))).isFalse();

		Parameters supplemented = new Parameters();
		supplemented.addParameter("url", new UriType(COLOURS));
		supplemented.addParameter("coding", new Coding(COLOURS, "red", "Rouge"));
		supplemented.addParameter("useSupplement", new org.hl7.fhir.r4.model.CanonicalType(supplement().getUrl()));
		assertThat(result(operation(CodeSystem.class, "$validate-code", with(supplemented, colours(), supplement()))))
			.isTrue();
	}

	@Test
	void aMissingSupplementIsNotFound() {
		Parameters request = new Parameters();
		request.addParameter("system", new UriType(COLOURS));
		request.addParameter("code", new CodeType("red"));
		request.addParameter("useSupplement", new org.hl7.fhir.r4.model.CanonicalType("http://example.org/none"));
		var response = post("/CodeSystem/$lookup", "application/fhir+json",
				fhirContext.newJsonParser().encodeResourceToString(with(request, colours())));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("Required supplement not found: http://example.org/none");
	}

}
