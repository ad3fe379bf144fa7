package org.billingterminology;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored change is answered by the very next request: there is no window of stale answers. The
 * test writes a code system of its own: the shipped ones belong to the content folder.
 */
class ContentChangeIT extends ServerTestSupport {

	private static final String SYSTEM = "http://example.org/fhir/CodeSystem/content-change-test";

	private String display(String code) {
		Parameters result = client().operation()
			.onType(CodeSystem.class)
			.named("$lookup")
			.withParameter(Parameters.class, "system", new UriType(SYSTEM))
			.andParameter("code", new CodeType(code))
			.useHttpGet()
			.execute();
		return result.getParameterValue("display").primitiveValue();
	}

	@Test
	void anUpdatedCodeSystemIsAnsweredAtOnceAndARevertRestoresIt() {
		CodeSystem stored = new CodeSystem().setUrl(SYSTEM)
			.setStatus(PublicationStatus.ACTIVE)
			.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		stored.setId("content-change-test");
		stored.addConcept().setCode("A1").setDisplay("Original");
		ValueSet all = new ValueSet().setUrl(SYSTEM + "-all").setStatus(PublicationStatus.ACTIVE);
		all.setId("content-change-test-all");
		all.getCompose().addInclude().setSystem(SYSTEM);
		adminClient().update().resource(stored).execute();
		adminClient().update().resource(all).execute();
		try {
			assertThat(display("A1")).isEqualTo("Original");
			CodeSystem changed = stored.copy();
			changed.getConcept().get(0).setDisplay("Changed for a test");
			changed.addConcept().setCode("A2").setDisplay("Added for a test");
			adminClient().update().resource(changed).execute();
			assertThat(display("A1")).isEqualTo("Changed for a test");
			assertThat(display("A2")).isEqualTo("Added for a test");
			ValueSet expansion = client().operation()
				.onType(ValueSet.class)
				.named("$expand")
				.withParameter(Parameters.class, "url", new UriType(SYSTEM + "-all"))
				.returnResourceType(ValueSet.class)
				.execute();
			assertThat(expansion.getExpansion().getContains()).anyMatch(c -> c.getCode().equals("A2"));

			adminClient().update().resource(stored).execute();
			assertThat(display("A1")).isEqualTo("Original");
			assertThat(get("/CodeSystem/$lookup?system=" + SYSTEM + "&code=A2").statusCode()).isEqualTo(404);
		}
		finally {
			adminClient().delete().resourceById("ValueSet", "content-change-test-all").execute();
			adminClient().delete().resourceById("CodeSystem", "content-change-test").execute();
		}
		assertThat(get("/CodeSystem/$lookup?system=" + SYSTEM + "&code=A1").statusCode()).isEqualTo(404);
	}

}
