package org.billingterminology;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubsumesIT extends ServerTestSupport {

	private String subsumes(String system, String a, String b) {
		Parameters result = client().operation()
			.onType(CodeSystem.class)
			.named("$subsumes")
			.withParameter(Parameters.class, "system", new UriType(system))
			.andParameter("codeA", new CodeType(a))
			.andParameter("codeB", new CodeType(b))
			.useHttpGet()
			.execute();
		return result.getParameterValue("outcome").primitiveValue();
	}

	@Test
	void aCodeIsEquivalentToItself() {
		assertThat(subsumes(CPT, "77003", "77003")).isEqualTo("equivalent");
		assertThat(subsumes(HCPCS_HTTPS, "TC", "TC")).isEqualTo("equivalent");
	}

	@Test
	void unrelatedCodesAreNotSubsumed() {
		assertThat(subsumes(CPT, "77003", "77002")).isEqualTo("not-subsumed");
	}

	@Test
	void anExpressionIsSubsumedByItsBaseCode() {
		assertThat(subsumes(CPT, "77003:26", "77003")).isEqualTo("subsumed-by");
		assertThat(subsumes(CPT, "77003", "77003:26")).isEqualTo("subsumes");
		assertThat(subsumes(CPT, "77003:26", "77002")).isEqualTo("not-subsumed");
	}

	@Test
	void unknownCodeIs400() {
		var response = get("/CodeSystem/$subsumes?system=" + CPT + "&codeA=77003&codeB=00000");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("00000");
	}

	@Test
	void instanceLevelSubsumesUsesThatCodeSystem() {
		var response = get("/CodeSystem/cpt/$subsumes?codeA=77003&codeB=77003");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("equivalent");
	}

}
