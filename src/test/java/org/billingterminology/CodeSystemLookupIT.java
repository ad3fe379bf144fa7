package org.billingterminology;

import java.net.http.HttpResponse;
import java.util.List;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeSystemLookupIT extends ServerTestSupport {

	private Parameters lookup(String system, String code) {
		return client().operation()
			.onType(CodeSystem.class)
			.named("$lookup")
			.withParameter(Parameters.class, "system", new UriType(system))
			.andParameter("code", new CodeType(code))
			.useHttpGet()
			.execute();
	}

	static Type property(Parameters result, String code) {
		return properties(result, code).stream().findFirst().orElse(null);
	}

	static List<Type> properties(Parameters result, String code) {
		return result.getParameter()
			.stream()
			.filter(p -> p.getName().equals("property"))
			.filter(p -> code.equals(p.getPart().get(0).getValue().primitiveValue()))
			.map(p -> p.getPart().get(1).getValue())
			.toList();
	}

	@Test
	void lookupOf77003GivesOurDisplayAndItsBillingProperties() {
		CodeSystem shipped = ShippedContent.read("CodeSystem-cpt.json", CodeSystem.class);
		var concept = shipped.getConcept().stream().filter(c -> c.getCode().equals("77003")).findFirst().orElseThrow();

		Parameters result = lookup(CPT, "77003");

		assertThat(result.getParameterValue("display").primitiveValue()).isEqualTo(concept.getDisplay());
		assertThat(result.getParameterValue("version").primitiveValue()).isEqualTo(shipped.getVersion());
		assertThat(((BooleanType) property(result, "add-on")).booleanValue()).isTrue();
		assertThat(property(result, "global-period").primitiveValue()).isEqualTo("ZZZ");
		assertThat(property(result, "pc-tc-indicator").primitiveValue()).isEqualTo("1");
		assertThat(result.getParameterValue("definition").primitiveValue()).isEqualTo(concept.getDefinition());
		// every property the fragment gives the concept comes back, and every one our billing supplement does
		concept.getProperty()
			.forEach(p -> assertThat(properties(result, p.getCode())).extracting(Type::primitiveValue)
				.contains(p.getValue().primitiveValue()));
		CodeSystem billing = ShippedContent.read("CodeSystem-cpt-billing.json", CodeSystem.class);
		var billed = billing.getConcept().stream().filter(c -> c.getCode().equals("77003")).findFirst().orElseThrow();
		assertThat(billed.getProperty()).isNotEmpty();
		billed.getProperty()
			.forEach(p -> assertThat(properties(result, p.getCode())).extracting(Type::primitiveValue)
				.contains(p.getValue().primitiveValue()));
	}

	@Test
	void lookupOfModifier26SaysItIsAModifier() {
		Parameters result = lookup(CPT, "26");
		assertThat(((BooleanType) property(result, "modifier")).booleanValue()).isTrue();
		assertThat(result.getParameterValue("display").primitiveValue()).isNotBlank();
	}

	@Test
	void hcpcsAnswersUnderBothTheHttpAndHttpsUrls() {
		Parameters http = lookup(HCPCS, "TC");
		Parameters https = lookup(HCPCS_HTTPS, "TC");
		assertThat(https.getParameterValue("display").primitiveValue())
			.isEqualTo(http.getParameterValue("display").primitiveValue())
			.isNotBlank();
		assertThat(https.getParameterValue("system").primitiveValue()).isEqualTo(HCPCS);
	}

	@Test
	void retiredCode76005IsInactiveAndPointsAt77003() {
		Parameters result = lookup(CPT, "76005");
		assertThat(((BooleanType) property(result, "inactive")).booleanValue()).isTrue();
		assertThat(property(result, "replaced-by").primitiveValue()).isEqualTo("77003");
	}

	@Test
	void propertyParameterNarrowsTheAnswer() {
		Parameters result = client().operation()
			.onType(CodeSystem.class)
			.named("$lookup")
			.withParameter(Parameters.class, "coding", new Coding(CPT, "77003", null))
			.andParameter("property", new CodeType("add-on"))
			.execute();
		assertThat(result.getParameter().stream().filter(p -> p.getName().equals("property")))
			.extracting(p -> p.getPart().get(0).getValue().primitiveValue())
			.containsExactly("add-on");
	}

	@Test
	void postCoordinatedExpressionLooksUpWithItsModifier() {
		Parameters result = lookup(CPT, "77003:26");
		assertThat(result.getParameterValue("display").primitiveValue()).contains("Practitioner's work part only");
		assertThat(((BooleanType) property(result, "modified")).booleanValue()).isTrue();
		assertThat(((Coding) property(result, "modifier-code")).getCode()).isEqualTo("26");
	}

	@Test
	void unknownCodeIs404WithAnOperationOutcomeNamingIt() {
		HttpResponse<String> response = get("/CodeSystem/$lookup?system=" + CPT + "&code=99999");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/fhir+json");
		OperationOutcome outcome = parse(response, OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
		assertThat(outcome.getIssueFirstRep().getDetails().getText()).contains("99999");
	}

	@Test
	void unknownSystemIs404() {
		assertThatThrownBy(() -> lookup("http://example.org/no-such-system", "1"))
			.isInstanceOf(ResourceNotFoundException.class)
			.hasMessageContaining("http://example.org/no-such-system");
	}

	@Test
	void missingCodeIs400() {
		HttpResponse<String> response = get("/CodeSystem/$lookup?system=" + CPT);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(parse(response, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("code");
	}

	@Test
	void lookupByPostGivesTheSameAnswerAsByGet() {
		Parameters request = new Parameters();
		request.addParameter("system", new UriType(CPT));
		request.addParameter("code", new CodeType("77003"));
		HttpResponse<String> response = post("/CodeSystem/$lookup", "application/fhir+json",
				fhirContext.newJsonParser().encodeResourceToString(request));
		assertThat(response.statusCode()).isEqualTo(200);
		Parameters byPost = parse(response, Parameters.class);
		assertThat(byPost.getParameterValue("display").primitiveValue())
			.isEqualTo(lookup(CPT, "77003").getParameterValue("display").primitiveValue());
	}

	@Test
	void everyShippedConceptLooksUpWithItsFileDisplay() {
		for (CodeSystem shipped : ShippedContent.all(CodeSystem.class)) {
			if (shipped.getContent() == CodeSystem.CodeSystemContentMode.SUPPLEMENT) {
				continue;
			}
			for (var concept : shipped.getConcept()) {
				Parameters result = lookup(shipped.getUrl(), concept.getCode());
				assertThat(result.getParameterValue("display"))
					.as(shipped.getUrl() + "#" + concept.getCode())
					.extracting(t -> ((StringType) t).getValue())
					.isEqualTo(concept.getDisplay());
			}
		}
	}

	static String parameter(Parameters parameters, String name) {
		return parameters.getParameter()
			.stream()
			.filter(p -> p.getName().equals(name))
			.map(ParametersParameterComponent::getValue)
			.map(Type::primitiveValue)
			.findFirst()
			.orElse(null);
	}

}
