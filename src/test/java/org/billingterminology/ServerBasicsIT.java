package org.billingterminology;

import java.util.List;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every client sees first: the capability statement, health probes, and error shapes. */
class ServerBasicsIT extends ServerTestSupport {

	private List<String> operations(CapabilityStatement statement, String type) {
		CapabilityStatementRestResourceComponent resource = statement.getRestFirstRep()
			.getResource()
			.stream()
			.filter(r -> r.getType().equals(type))
			.findFirst()
			.orElseThrow();
		return resource.getOperation().stream().map(CapabilityStatementRestResourceOperationComponent::getName).toList();
	}

	@Test
	void capabilityStatementListsEachTerminologyOperationOnce() {
		CapabilityStatement statement = client().capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(operations(statement, "CodeSystem")).containsOnlyOnce("lookup", "validate-code", "subsumes");
		assertThat(operations(statement, "ValueSet")).containsOnlyOnce("expand", "validate-code");
		assertThat(operations(statement, "ConceptMap")).containsOnlyOnce("translate");
		assertThat(statement.getRestFirstRep().getResource()).extracting(CapabilityStatementRestResourceComponent::getType)
			.contains("CodeSystem", "ValueSet", "ConceptMap", "ChargeItemDefinition", "Organization", "SearchParameter")
			.doesNotContain("Patient");
	}

	@Test
	void readinessAndLivenessAreUp() {
		for (String probe : List.of("readiness", "liveness")) {
			var response = send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create("http://localhost:" + port + "/actuator/health/" + probe)));
			assertThat(response.statusCode()).as(probe).isEqualTo(200);
			assertThat(response.body()).contains("UP");
		}
	}

	@Test
	void unservedResourceTypeIs404WithOperationOutcome() {
		var response = get("/Patient/1");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("OperationOutcome").doesNotContain("Exception");
	}

	@Test
	void malformedJsonBodyIs400WithoutInternals() {
		var response = post("/CodeSystem/$lookup", "application/fhir+json", "{\"resourceType\": \"Parameters\", ");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("OperationOutcome").doesNotContain("java.", "Exception:");
	}

	@Test
	void noServerBannerIsSent() {
		var response = get("/metadata");
		assertThat(response.headers().firstValue("Server")).isEmpty();
		assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
	}

}
