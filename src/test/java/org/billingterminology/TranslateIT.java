package org.billingterminology;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TranslateIT extends ServerTestSupport {

	private Parameters translate(String code, boolean reverse) {
		return client().operation()
			.onType(ConceptMap.class)
			.named("$translate")
			.withParameter(Parameters.class, "system", new UriType(CPT))
			.andParameter("code", new CodeType(code))
			.andParameter("reverse", new BooleanType(reverse))
			.useHttpGet()
			.execute();
	}

	private static Coding matchedConcept(Parameters result) {
		return (Coding) result.getParameter()
			.stream()
			.filter(p -> p.getName().equals("match"))
			.flatMap(p -> p.getPart().stream())
			.filter(part -> part.getName().equals("concept"))
			.findFirst()
			.orElseThrow()
			.getValue();
	}

	private static String matchPart(Parameters result, String name) {
		return result.getParameter()
			.stream()
			.filter(p -> p.getName().equals("match"))
			.flatMap(p -> p.getPart().stream())
			.filter(part -> part.getName().equals(name))
			.findFirst()
			.orElseThrow()
			.getValue()
			.primitiveValue();
	}

	@Test
	void retired76005TranslatesTo77003() {
		Parameters result = translate("76005", false);
		// 77003's scope narrowed after the 2007 renumbering: the target is narrower, and still a match
		assertThat(result.getParameterValue("result").primitiveValue()).isEqualTo("true");
		assertThat(matchPart(result, "equivalence")).isEqualTo("narrower");
		assertThat(matchedConcept(result).getCode()).isEqualTo("77003");
		assertThat(matchedConcept(result).getSystem()).isEqualTo(CPT);
	}

	@Test
	void reverseTranslationFinds76005From77003() {
		Parameters result = translate("77003", true);
		assertThat(matchedConcept(result).getCode()).isEqualTo("76005");
		// read from 77003, the retired code meant more: wider, not the map's forward "narrower"
		assertThat(matchPart(result, "equivalence")).isEqualTo("wider");
	}

	@Test
	void unmappedCodeGivesFalseWithAMessage() {
		Parameters result = translate("77002", false);
		assertThat(result.getParameterValue("result").primitiveValue()).isEqualTo("false");
		assertThat(result.getParameterValue("message").primitiveValue()).contains("77002");
	}

	@Test
	void translateByTheMapsIdWorks() {
		var response = get("/ConceptMap/cpt-76005-to-77003/$translate?system=" + CPT + "&code=76005");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("77003");
	}

	@Test
	void r5ParameterNamesAreAnsweredInR5Terms() {
		Parameters result = client().operation()
			.onType(ConceptMap.class)
			.named("$translate")
			.withParameter(Parameters.class, "sourceSystem", new UriType(CPT))
			.andParameter("sourceCode", new CodeType("76005"))
			.andParameter("targetSystem", new UriType(CPT))
			.execute();
		assertThat(matchedConcept(result).getCode()).isEqualTo("77003");
		assertThat(result.getParameter()
			.stream()
			.filter(p -> p.getName().equals("match"))
			.flatMap(p -> p.getPart().stream())
			.filter(part -> part.getName().equals("originMap"))
			.findFirst()
			.orElseThrow()
			.getValue()
			.primitiveValue()).isEqualTo("http://fhir.billing-terminology.org/ConceptMap/cpt-76005-to-77003|0.1.0");
	}

}
