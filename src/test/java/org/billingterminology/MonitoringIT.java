package org.billingterminology;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operators watch: Prometheus metrics per operation, an access-log line per request, and
 * client errors logged in one line without a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class MonitoringIT extends ServerTestSupport {

	@Test
	void prometheusShowsRequestsByOperationAndStatus() {
		assertThat(get("/CodeSystem/$lookup?system=" + CPT + "&code=77003").statusCode()).isEqualTo(200);
		assertThat(get("/CodeSystem/$lookup?system=" + CPT + "&code=77003").statusCode()).isEqualTo(200);
		assertThat(get("/ValueSet/$expand?url=" + VALUE_SETS + "cpt-77003-modifiers").statusCode()).isEqualTo(200);
		assertThat(get("/ChargeItemDefinition?code=77003").statusCode()).isEqualTo(200);

		String metrics = prometheus();

		assertThat(metrics).contains("fhir_requests_seconds_count{method=\"GET\",operation=\"CodeSystem/$lookup\",status=\"200\"}")
			.contains("fhir_requests_seconds_count{method=\"GET\",operation=\"ValueSet/$expand\",status=\"200\"}")
			.contains("fhir_requests_seconds_count{method=\"GET\",operation=\"ChargeItemDefinition search\",status=\"200\"}")
			.contains("fhir_requests_seconds_bucket{method=\"GET\",operation=\"CodeSystem/$lookup\",status=\"200\",le=")
			// the replay cache's hits and misses (the hit ratio), the model's rebuilds, import progress
			.contains("cache_gets_total{cache=\"answers\",result=\"hit\"}")
			.contains("terminology_snapshot_rebuilds_seconds_count")
			.contains("terminology_import_records_read")
			.contains("jvm_memory_used_bytes")
			// timed once, not again by Spring's http.server.requests
			.doesNotContain("http_server_requests_seconds_count");
	}

	/** Names the client makes up (a resource type, an operation) do not become new time series. */
	@Test
	void madeUpNamesShareOneLabel() {
		get("/MadeUpType123/abc");
		get("/CodeSystem/$madeUpOperation123");

		String metrics = prometheus();

		assertThat(metrics).doesNotContain("MadeUpType123").doesNotContain("madeUpOperation123")
			.contains("operation=\"unknown\"")
			.contains("operation=\"CodeSystem/$other\"");
	}

	@Test
	void eachRequestIsOneAccessLogLineWithItsRequestId(CapturedOutput output) {
		HttpResponse<String> response = get("/CodeSystem/$lookup?system=" + CPT + "&code=64483");
		String id = response.headers().firstValue("X-Request-ID").orElseThrow();

		// the line is written once the answer has gone out, so it may trail the response a little
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut().lines()
			.filter(line -> line.contains(id) && line.contains("org.billingterminology.access")))
			.singleElement()
			.satisfies(line -> assertThat(line).contains("GET /fhir/CodeSystem/$lookup?system=").contains(" 200 ")
				.containsPattern(" \\d+\\.\\d ms ")));
	}

	@Test
	void aRefusedWriteIsLoggedInOneLineWithoutAStackTrace(CapturedOutput output) {
		HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(base() + "/Organization/monitoring"))
			.header("Content-Type", "application/fhir+json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Organization\",\"id\":\"monitoring\"}")));
		HttpResponse<String> badFormat = get("/metadata?_format=nonsense");

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(badFormat.statusCode()).isEqualTo(406);
		String log = output.getOut() + output.getErr();
		assertThat(log).contains("The update interaction needs the admin credential")
			.doesNotContain("Exception thrown by interceptor")
			.doesNotContain("\tat org.billingterminology.security.ReadOnlyApi");
		assertThat(log.lines().filter(line -> line.contains("ERROR"))).isEmpty();
	}

	private String prometheus() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base().replaceAll("/fhir$", "") + "/actuator/prometheus")));
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
