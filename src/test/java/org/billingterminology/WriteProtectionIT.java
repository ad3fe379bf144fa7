package org.billingterminology;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The public API is read-only: every way of changing content is refused without the admin
 * credential and works with it, and reads (also by POST) stay open to everyone.
 */
class WriteProtectionIT extends ServerTestSupport {

	private static final String JSON = "application/fhir+json";

	/** A write the server must refuse unless it carries the admin token. */
	record Write(String name, String method, String path, String contentType, String body, String extraHeader) {

		@Override
		public String toString() {
			return name;
		}

	}

	private static final String ORGANIZATION = "{\"resourceType\":\"Organization\",\"name\":\"Write test\"}";

	private static final String EMPTY_PARAMETERS = "{\"resourceType\":\"Parameters\"}";

	private static final String META = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\","
			+ "\"valueMeta\":{\"tag\":[{\"system\":\"urn:test\",\"code\":\"x\"}]}}]}";

	private static final String EXPUNGE = "{\"resourceType\":\"Parameters\",\"parameter\":["
			+ "{\"name\":\"expungeDeletedResources\",\"valueBoolean\":true}]}";

	/** A CodeSystem with CPT's url: what the attacker posted to change $lookup's answers. */
	private static final String FAKE_CPT = "{\"resourceType\":\"CodeSystem\",\"url\":\"" + CPT + "\",\"status\":\"active\","
			+ "\"content\":\"complete\",\"concept\":[{\"code\":\"77003\",\"display\":\"Hijacked\"}]}";

	static List<Write> writes() {
		return List.of(new Write("create", "POST", "/CodeSystem", JSON, FAKE_CPT, null),
				new Write("conditional create", "POST", "/Organization", JSON, ORGANIZATION, "If-None-Exist: name=Write"),
				new Write("update", "PUT", "/CodeSystem/cpt", JSON, FAKE_CPT.replaceFirst("\\{", "{\"id\":\"cpt\","), null),
				new Write("conditional update", "PUT", "/Organization?name=Aetna", JSON, ORGANIZATION, null),
				new Write("JSON patch", "PATCH", "/Organization/aetna", "application/json-patch+json",
						"[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"Patched\"}]", null),
				new Write("FHIRPath patch", "PATCH", "/Organization/aetna", JSON,
						"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"operation\",\"part\":["
								+ "{\"name\":\"type\",\"valueCode\":\"replace\"},"
								+ "{\"name\":\"path\",\"valueString\":\"Organization.name\"},"
								+ "{\"name\":\"value\",\"valueString\":\"Patched\"}]}]}",
						null),
				new Write("delete", "DELETE", "/CodeSystem/cpt", null, null, null),
				new Write("conditional delete", "DELETE", "/Organization?name=Aetna", null, null, null),
				new Write("transaction", "POST", "", JSON, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
						+ "{\"resource\":" + FAKE_CPT + ",\"request\":{\"method\":\"POST\",\"url\":\"CodeSystem\"}}]}", null),
				new Write("batch", "POST", "", JSON, "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
						+ "{\"request\":{\"method\":\"DELETE\",\"url\":\"CodeSystem/cpt\"}}]}", null),
				new Write("$expunge on the system", "POST", "/$expunge", JSON, EXPUNGE, null),
				new Write("$expunge on a type", "POST", "/CodeSystem/$expunge", JSON, EXPUNGE, null),
				new Write("$expunge on an instance", "POST", "/CodeSystem/cpt/$expunge", JSON, EXPUNGE, null),
				new Write("$reindex", "POST", "/$reindex", JSON, EMPTY_PARAMETERS, null),
				new Write("$reindex by GET", "GET", "/$reindex", null, null, null),
				new Write("$mark-all-resources-for-reindexing", "POST", "/$mark-all-resources-for-reindexing", JSON,
						EMPTY_PARAMETERS, null),
				new Write("$meta-add", "POST", "/CodeSystem/cpt/$meta-add", JSON, META, null),
				new Write("$meta-delete", "POST", "/CodeSystem/cpt/$meta-delete", JSON, META, null),
				new Write("an unknown custom operation", "POST", "/CodeSystem/$frobnicate", JSON, EMPTY_PARAMETERS, null),
				new Write("an unknown system operation by GET", "GET", "/$frobnicate", null, null, null));
	}

	private HttpResponse<String> send(Write write, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + write.path()))
			.header("Accept", JSON)
			.method(write.method(), write.body() == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(write.body()));
		if (write.contentType() != null) {
			request.header("Content-Type", write.contentType());
		}
		if (write.extraHeader() != null) {
			String[] header = write.extraHeader().split(": ", 2);
			request.header(header[0], header[1]);
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request);
	}

	private String cptVersion() {
		return client().read().resource(CodeSystem.class).withId("cpt").execute().getMeta().getVersionId();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("writes")
	void isRefusedWithoutACredentialWithAWrongOneAndWithAnotherScheme(Write write) {
		String cptBefore = cptVersion();

		HttpResponse<String> anonymous = send(write, null);
		assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"billing-terminology\"");
		assertThat(anonymous.body()).contains("OperationOutcome", "needs the admin credential");

		HttpResponse<String> wrongToken = send(write, "Bearer not-the-" + ADMIN_TOKEN);
		assertThat(wrongToken.statusCode()).as(wrongToken.body()).isEqualTo(401);
		assertThat(wrongToken.headers().firstValue("WWW-Authenticate")).get().asString().contains("error=\"invalid_token\"");
		assertThat(wrongToken.body()).contains("OperationOutcome", "The bearer token is not valid");

		HttpResponse<String> basic = send(write, "Basic YWRtaW46" + ADMIN_TOKEN);
		assertThat(basic.statusCode()).as(basic.body()).isEqualTo(401);
		assertThat(basic.body()).contains("OperationOutcome", "needs a bearer token");

		HttpResponse<String> prefixOfToken = send(write, "Bearer " + ADMIN_TOKEN.substring(0, ADMIN_TOKEN.length() - 1));
		assertThat(prefixOfToken.statusCode()).isEqualTo(401);

		assertThat(cptVersion()).as("CodeSystem/cpt is untouched").isEqualTo(cptBefore);
		assertThat(get("/CodeSystem/$lookup?system=" + CPT + "&code=77003").body()).doesNotContain("Hijacked");
		assertThat(get("/Organization/aetna").body()).contains("Aetna").doesNotContain("Patched");
	}

	/** Every operation the server advertises to the admin that is not on the read-only list is refused to others. */
	@Test
	void everyAdvertisedOperationOutsideTheReadOnlyListNeedsTheCredential() {
		CapabilityStatement statement = adminClient().capabilities().ofType(CapabilityStatement.class).execute();
		List<String> paths = new ArrayList<>();
		statement.getRestFirstRep().getOperation().forEach(operation -> paths.add("/$" + operation.getName()));
		for (CapabilityStatementRestResourceComponent resource : statement.getRestFirstRep().getResource()) {
			for (CapabilityStatementRestResourceOperationComponent operation : resource.getOperation()) {
				paths.add("/" + resource.getType() + "/$" + operation.getName());
			}
		}
		assertThat(statement.getRestFirstRep().getSecurity().getDescription()).contains("Authorization: Bearer");
		List<String> readOnly = List.of("lookup", "validate-code", "expand", "subsumes", "translate", "versions",
				"batch-validate-code", "meta", "billing-check");
		List<String> writing = paths.stream().filter(path -> !readOnly.contains(path.substring(path.indexOf('$') + 1))).toList();
		assertThat(writing).contains("/$expunge", "/CodeSystem/$meta-add", "/CodeSystem/$hapi.fhir.merge",
				"/Organization/$validate");

		for (String path : writing) {
			HttpResponse<String> response = post(path, JSON, EMPTY_PARAMETERS);
			assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(401);
		}
	}

	/** The capability statement lists what its caller can do: no write without the admin token. */
	@Test
	void theCapabilityStatementOffersWritesOnlyToTheAdmin() {
		CapabilityStatement anonymous = client().capabilities().ofType(CapabilityStatement.class).execute();
		CapabilityStatement admin = adminClient().capabilities().ofType(CapabilityStatement.class).execute();

		assertThat(anonymous.getPublisher()).isEqualTo("billing-terminology-server project");
		assertThat(anonymous.getName()).isEqualTo("BillingTerminologyServer");
		assertThat(anonymous.getRestFirstRep().getInteraction()).extracting(i -> i.getCode().toCode())
			.doesNotContain("transaction", "batch");
		assertThat(operationNames(anonymous)).contains("lookup", "validate-code", "expand", "billing-check", "versions")
			.doesNotContain("expunge", "validate", "meta-add", "hapi.fhir.merge", "upload-external-code-system");
		for (CapabilityStatementRestResourceComponent resource : anonymous.getRestFirstRep().getResource()) {
			assertThat(resource.getInteraction()).as(resource.getType())
				.extracting(i -> i.getCode().toCode())
				.doesNotContain("create", "update", "patch", "delete");
			assertThat(resource.hasConditionalCreate() || resource.hasConditionalUpdate() || resource.hasUpdateCreate())
				.as(resource.getType()).isFalse();
		}
		assertThat(anonymous.getRestFirstRep().getResource()).filteredOn(r -> r.getType().equals("CodeSystem"))
			.singleElement()
			.satisfies(codeSystem -> assertThat(codeSystem.getInteraction()).extracting(i -> i.getCode().toCode())
				.contains("read", "search-type"));

		assertThat(operationNames(admin)).contains("expunge", "upload-external-code-system", "lookup");
		assertThat(admin.getRestFirstRep().getResource()).filteredOn(r -> r.getType().equals("CodeSystem"))
			.singleElement()
			.satisfies(codeSystem -> assertThat(codeSystem.getInteraction()).extracting(i -> i.getCode().toCode())
				.contains("create", "update", "delete", "read"));
		// HAPI's kept statement stays whole: the admin's second one is as full as the first
		assertThat(operationNames(adminClient().capabilities().ofType(CapabilityStatement.class).execute()))
			.containsExactlyInAnyOrderElementsOf(operationNames(admin));
	}

	private static List<String> operationNames(CapabilityStatement statement) {
		List<String> names = new ArrayList<>();
		statement.getRestFirstRep().getOperation().forEach(operation -> names.add(operation.getName()));
		statement.getRestFirstRep().getResource()
			.forEach(resource -> resource.getOperation().forEach(operation -> names.add(operation.getName())));
		return names;
	}

	/**
	 * HAPI's profile validator loads its validation data on first use, which fills the old
	 * generation of the recommended heap: it is for the admin, not for anyone.
	 */
	@Test
	void validateIsForTheAdminOnly() {
		String organization = "{\"resourceType\":\"Organization\",\"name\":\"x\"}";
		HttpResponse<String> anonymous = post("/Organization/$validate", JSON, organization);
		assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
		assertThat(anonymous.body()).contains("The operation $validate needs the admin credential");
		assertThat(get("/CodeSystem/cpt/$validate").statusCode()).isEqualTo(401);

		HttpResponse<String> admin = send(HttpRequest.newBuilder(URI.create(base() + "/Organization/$validate"))
			.header("Content-Type", JSON)
			.header("Accept", JSON)
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.POST(HttpRequest.BodyPublishers.ofString(organization)));
		assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
		assertThat(admin.body()).contains("OperationOutcome");
	}

	@Test
	void theAdminCredentialAllowsEachKindOfWrite() {
		String id = "write-protection-test";
		Write create = new Write("create", "PUT", "/Organization/" + id, JSON,
				"{\"resourceType\":\"Organization\",\"id\":\"" + id + "\",\"name\":\"Write test\","
						+ "\"identifier\":[{\"system\":\"urn:write-test\",\"value\":\"1\"}]}",
				null);
		String bearer = "Bearer " + ADMIN_TOKEN;
		assertThat(send(create, bearer).statusCode()).isEqualTo(201);
		assertThat(send(new Write("conditional create", "POST", "/Organization", JSON,
				"{\"resourceType\":\"Organization\",\"name\":\"Write test two\","
						+ "\"identifier\":[{\"system\":\"urn:write-test\",\"value\":\"2\"}]}",
				"If-None-Exist: identifier=urn:write-test|2"), bearer).statusCode()).isEqualTo(201);
		assertThat(send(new Write("conditional update", "PUT", "/Organization?identifier=urn:write-test%7C2", JSON,
				"{\"resourceType\":\"Organization\",\"name\":\"Write test two, updated\","
						+ "\"identifier\":[{\"system\":\"urn:write-test\",\"value\":\"2\"}]}",
				null), bearer).statusCode()).isEqualTo(200);
		assertThat(send(new Write("JSON patch", "PATCH", "/Organization/" + id, "application/json-patch+json",
				"[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"Patched\"}]", null), bearer).statusCode()).isEqualTo(200);
		assertThat(client().read().resource(Organization.class).withId(id).execute().getName()).isEqualTo("Patched");
		assertThat(send(new Write("$meta-add", "POST", "/Organization/" + id + "/$meta-add", JSON, META, null), bearer)
			.statusCode()).isEqualTo(200);
		assertThat(send(new Write("$meta-delete", "POST", "/Organization/" + id + "/$meta-delete", JSON, META, null), bearer)
			.statusCode()).isEqualTo(200);
		HttpResponse<String> transaction = send(new Write("transaction", "POST", "", JSON,
				"{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
						+ "{\"resourceType\":\"Organization\",\"name\":\"Write test three\","
						+ "\"identifier\":[{\"system\":\"urn:write-test\",\"value\":\"3\"}]},"
						+ "\"request\":{\"method\":\"POST\",\"url\":\"Organization\"}}]}",
				null), bearer);
		assertThat(transaction.statusCode()).as(transaction.body()).isEqualTo(200);
		HttpResponse<String> batch = send(new Write("batch", "POST", "", JSON,
				"{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
						+ "{\"request\":{\"method\":\"DELETE\",\"url\":\"Organization?identifier=urn:write-test|3\"}}]}",
				null), bearer);
		assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
		// a type this server does not serve is never stored, even by the admin's transaction, and
		// nothing of that transaction is kept: one with no DAO at all (storage's ServedDaos), and
		// one whose DAO HAPI's own services keep (StoredTypesOnly)
		String unstoredBody = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
						+ "{\"resourceType\":\"Organization\",\"name\":\"Write test four\","
						+ "\"identifier\":[{\"system\":\"urn:write-test\",\"value\":\"4\"}]},"
						+ "\"request\":{\"method\":\"POST\",\"url\":\"Organization\"}},{\"resource\":"
						+ "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"write test\"}},"
						+ "\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
		HttpResponse<String> unstored = send(new Write("transaction", "POST", "", JSON, unstoredBody, null), bearer);
		assertThat(unstored.statusCode()).as(unstored.body()).isEqualTo(400);
		assertThat(unstored.body()).contains("Resource Observation is not supported on this server");
		HttpResponse<String> kept = send(new Write("transaction", "POST", "", JSON, unstoredBody.replace("Observation", "Task")
			.replace("\"code\":{\"text\":\"write test\"}", "\"intent\":\"order\"").replace("final", "draft"), null), bearer);
		assertThat(kept.statusCode()).as(kept.body()).isEqualTo(400);
		assertThat(kept.body()).contains("a Task is not one of them");
		assertThat(get("/Organization?identifier=urn:write-test%7C4").body()).contains("\"total\":0");
		assertThat(send(new Write("delete", "DELETE", "/Organization/" + id, null, null, null), bearer).statusCode())
			.isEqualTo(200);
		assertThat(send(new Write("conditional delete", "DELETE", "/Organization?identifier=urn:write-test%7C2", null, null,
				null), bearer).statusCode()).isEqualTo(200);
		assertThat(get("/Organization?identifier=urn:write-test%7C").body()).contains("\"total\":0");

		// past the credential, HAPI's own rules still apply: $expunge is disabled in its settings,
		// and there is no $reindex or custom operation to run
		HttpResponse<String> expunge = send(new Write("$expunge", "POST", "/Organization/" + id + "/$expunge", JSON, EXPUNGE,
				null), bearer);
		assertThat(expunge.statusCode()).as(expunge.body()).isEqualTo(405);
		assertThat(expunge.body()).contains("$expunge is not enabled");
		HttpResponse<String> reindex = send(new Write("$reindex", "POST", "/$reindex", JSON, EMPTY_PARAMETERS, null), bearer);
		assertThat(reindex.statusCode()).isEqualTo(400);
		assertThat(reindex.body()).contains("does not know how to handle POST operation[$reindex]");
	}

	/** The HAPI client the admin uses: ContentChangeIT writes CodeSystems with it. */
	@Test
	void theAdminClientCanWriteAndThePlainClientCannot() {
		Organization organization = new Organization().setName("Client write test");
		organization.setId("client-write-test");
		assertThat(catchThrowable(() -> client().update().resource(organization).execute()))
			.isInstanceOf(AuthenticationException.class);
		assertThat(adminClient().update().resource(organization).execute().getCreated()).isTrue();
		adminClient().delete().resourceById("Organization", "client-write-test").execute();
	}

	@Test
	void readsAndReadOnlyOperationsStayOpenByGetAndByPost() {
		String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"system\",\"valueUri\":\"" + CPT
				+ "\"},{\"name\":\"code\",\"valueCode\":\"77003\"}]}";
		List<HttpResponse<String>> reads = List.of(post("/CodeSystem/$lookup", JSON, parameters),
				post("/CodeSystem/$validate-code", JSON, parameters.replace("\"system\"", "\"url\"")),
				post("/CodeSystem/$subsumes", JSON, "{\"resourceType\":\"Parameters\",\"parameter\":["
						+ "{\"name\":\"system\",\"valueUri\":\"" + CPT + "\"},{\"name\":\"codeA\",\"valueCode\":\"77003\"},"
						+ "{\"name\":\"codeB\",\"valueCode\":\"77003\"}]}"),
				post("/ValueSet/$expand", JSON, "{\"resourceType\":\"Parameters\",\"parameter\":["
						+ "{\"name\":\"url\",\"valueUri\":\"" + VALUE_SETS + "all-codes\"},{\"name\":\"count\",\"valueInteger\":2}]}"),
				post("/ValueSet/$validate-code", JSON, "{\"resourceType\":\"Parameters\",\"parameter\":["
						+ "{\"name\":\"url\",\"valueUri\":\"" + VALUE_SETS + "all-codes\"},"
						+ "{\"name\":\"system\",\"valueUri\":\"" + CPT + "\"},{\"name\":\"code\",\"valueCode\":\"77003\"}]}"),
				post("/ConceptMap/$translate", JSON, parameters.replace("77003", "76005")),
				post("/CodeSystem/_search", "application/x-www-form-urlencoded", "url=" + CPT),
				get("/CodeSystem/cpt/$meta"), get("/CodeSystem/cpt/_history"), get("/_history?_count=1"),
				get("/Organization?_count=1"), get("/metadata"), get("/CodeSystem/cpt/_history/1"));
		for (HttpResponse<String> response : reads) {
			assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(200);
		}
		assertThat(reads.get(6).body()).contains("\"total\":1");

		String next = parse(get("/Organization?_count=1"), Bundle.class).getLink("next").getUrl();
		HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(next)).header("Accept", JSON));
		assertThat(page.statusCode()).as("a second page").isEqualTo(200);
	}

}
