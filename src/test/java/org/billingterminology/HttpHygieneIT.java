package org.billingterminology;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS for browser apps, security headers and no version banner, on every kind of response. */
class HttpHygieneIT extends ServerTestSupport {

	private static final String ORIGIN = "https://app.example";

	private HttpResponse<String> preflight(String method, String headers) {
		return send(HttpRequest.newBuilder(URI.create(base() + "/CodeSystem/$lookup"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", ORIGIN)
			.header("Access-Control-Request-Method", method)
			.header("Access-Control-Request-Headers", headers));
	}

	@Test
	void aBrowserAppOnAnyOriginMayReadByGetAndPost() {
		for (String method : List.of("GET", "POST")) {
			HttpResponse<String> response = preflight(method, "content-type,authorization");
			assertThat(response.statusCode()).as(method).isEqualTo(200);
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
			assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains(method);
			assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
				.contains("content-type", "authorization");
			assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		}
		HttpResponse<String> read = send(HttpRequest
			.newBuilder(URI.create(base() + "/CodeSystem/$lookup?system=" + CPT + "&code=77003"))
			.header("Origin", ORIGIN));
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
		assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("Location", "ETag");
	}

	@Test
	void writeMethodsAreNotOfferedCrossOriginByDefault() {
		HttpResponse<String> response = preflight("DELETE", "authorization");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(response.body()).contains("OperationOutcome", "cross-origin");
	}

	@Test
	void everyKindOfResponseCarriesTheSecurityHeaders() {
		List<HttpResponse<String>> responses = List.of(get("/metadata"),
				get("/CodeSystem/$lookup?system=" + CPT + "&code=77003"), get("/CodeSystem/$lookup?system=" + CPT + "&code=0"),
				post("/CodeSystem", "application/fhir+json", "{\"resourceType\":\"CodeSystem\"}"),
				post("/CodeSystem/$lookup", "text/plain", "x"), get("/CodeSystem/..%2Fx"),
				send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/nothing-here"))),
				send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))));
		for (HttpResponse<String> response : responses) {
			var headers = response.headers();
			String what = response.uri() + " " + response.statusCode();
			assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
			assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
			assertThat(headers.firstValue("Content-Security-Policy")).as(what).hasValue("frame-ancestors 'none'");
			assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
			assertThat(headers.firstValue("Cache-Control")).as(what).isPresent();
			assertThat(headers.firstValue("Server")).as(what).isEmpty();
			assertThat(headers.firstValue("X-Powered-By")).as(what).isEmpty();
		}
		assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 404, 401, 415, 400, 404, 200);
	}

	@Test
	void answersToTheAdminAreNotStoredByCaches() {
		HttpResponse<String> admin = send(HttpRequest.newBuilder(URI.create(base() + "/CodeSystem/cpt"))
			.header("Authorization", "Bearer " + ADMIN_TOKEN));
		assertThat(admin.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(get("/CodeSystem/cpt").headers().firstValue("Cache-Control")).hasValue("no-cache");
	}

}
