package org.billingterminology;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored change is answered by the very next request: there is no window of stale answers. */
class ContentChangeIT extends ServerTestSupport {

	private String display(String code) {
		Parameters result = client().operation()
			.onType(CodeSystem.class)
			.named("$lookup")
			.withParameter(Parameters.class, "system", new UriType(CPT))
			.andParameter("code", new CodeType(code))
			.useHttpGet()
			.execute();
		return result.getParameterValue("display").primitiveValue();
	}

	@Test
	void anUpdatedCodeSystemIsAnsweredAtOnceAndARevertRestoresIt() {
		CodeSystem stored = client().read().resource(CodeSystem.class).withId("cpt").execute();
		String original = display("77002");
		CodeSystem changed = stored.copy();
		changed.getConcept().stream().filter(c -> c.getCode().equals("77002")).forEach(c -> c.setDisplay("Changed for a test"));
		changed.addConcept().setCode("99998").setDisplay("Added for a test");
		try {
			adminClient().update().resource(changed).execute();
			assertThat(display("77002")).isEqualTo("Changed for a test");
			assertThat(display("99998")).isEqualTo("Added for a test");
			ValueSet all = client().operation()
				.onType(ValueSet.class)
				.named("$expand")
				.withParameter(Parameters.class, "url", new UriType(VALUE_SETS + "all-codes"))
				.returnResourceType(ValueSet.class)
				.execute();
			assertThat(all.getExpansion().getContains()).anyMatch(c -> c.getCode().equals("99998"));
		}
		finally {
			stored.setId("cpt");
			stored.getMeta().setVersionId(null);
			adminClient().update().resource(stored).execute();
		}
		assertThat(display("77002")).isEqualTo(original);
		assertThat(get("/CodeSystem/$lookup?system=" + CPT + "&code=99998").statusCode()).isEqualTo(404);
	}

}
