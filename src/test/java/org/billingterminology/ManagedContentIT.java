package org.billingterminology;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.hl7.fhir.r4.model.CodeSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loader stores the content folder again at every start, so an admin write to one of its
 * resources would be acknowledged and later undone without a word. Such a write is refused with a
 * 409 that says where to make the change, whichever way it comes.
 */
class ManagedContentIT extends ServerTestSupport {

	private static final String JSON = "application/fhir+json";

	record Write(String name, String method, String path, String contentType, String body) {

		@Override
		public String toString() {
			return name;
		}

	}

	static List<Write> writes() {
		String cpt = "{\"resourceType\":\"CodeSystem\",\"id\":\"cpt\",\"url\":\"" + CPT + "\",\"status\":\"active\","
				+ "\"content\":\"fragment\",\"concept\":[{\"code\":\"77003\",\"display\":\"Overwritten\"}]}";
		return List.of(new Write("update of a shipped code system", "PUT", "/CodeSystem/cpt", JSON, cpt),
				new Write("update of a shipped payer note", "PUT", "/ChargeItemDefinition/cpt-77003-aetna", JSON,
						"{\"resourceType\":\"ChargeItemDefinition\",\"id\":\"cpt-77003-aetna\",\"url\":\"http://x\",\"status\":\"draft\"}"),
				new Write("delete of a shipped code system", "DELETE", "/CodeSystem/cpt", null, null),
				new Write("delete of a shipped organization", "DELETE", "/Organization/aetna", null, null),
				new Write("JSON patch of a shipped organization", "PATCH", "/Organization/aetna", "application/json-patch+json",
						"[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"Patched\"}]"),
				new Write("conditional update of a shipped value set", "PUT",
						"/ValueSet?url=" + VALUE_SETS + "all-codes", JSON,
						"{\"resourceType\":\"ValueSet\",\"url\":\"" + VALUE_SETS + "all-codes\",\"status\":\"draft\"}"),
				new Write("a transaction updating a shipped code system", "POST", "", JSON,
						"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + cpt
								+ ",\"request\":{\"method\":\"PUT\",\"url\":\"CodeSystem/cpt\"}}]}"),
				new Write("a transaction deleting a shipped organization", "POST", "", JSON,
						"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
								+ "{\"request\":{\"method\":\"DELETE\",\"url\":\"Organization/aetna\"}}]}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("writes")
	void anAdminWriteToAShippedResourceIsRefusedAndNothingChanges(Write write) {
		String cptVersion = version("CodeSystem/cpt");
		String aetnaVersion = version("Organization/aetna");

		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + write.path()))
			.header("Accept", JSON)
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.method(write.method(), write.body() == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(write.body()));
		if (write.contentType() != null) {
			request.header("Content-Type", write.contentType());
		}
		HttpResponse<String> response = send(request);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
		assertThat(response.body()).contains("OperationOutcome", "is managed by the content folder (terminology.content-dir",
				"through the API: change ", ".json there and restart");
		assertThat(version("CodeSystem/cpt")).isEqualTo(cptVersion);
		assertThat(version("Organization/aetna")).isEqualTo(aetnaVersion);
		assertThat(client().read().resource(CodeSystem.class).withId("cpt").execute().getConceptFirstRep().getDisplay())
			.isNotEqualTo("Overwritten");
	}

	private String version(String path) {
		HttpResponse<String> response = get("/" + path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.headers().firstValue("ETag").orElseThrow();
	}

}
