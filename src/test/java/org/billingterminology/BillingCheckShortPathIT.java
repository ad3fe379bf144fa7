package org.billingterminology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain JSON POST to Claim/$billing-check is answered before HAPI's RestfulServer, and the
 * client cannot tell: the same status, bytes and headers as HAPI's path gives (taken by asking
 * for _format=json, which only HAPI's path reads), for every claim the billing tests use. What
 * the short path does not answer, HAPI does, as before.
 */
class BillingCheckShortPathIT extends ServerTestSupport {

	private static final String JSON = "application/fhir+json";

	/** Headers whose values are per response by nature. */
	private static final Set<String> PER_RESPONSE = Set.of("date", "x-request-id");

	private static final String LINES = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"line\",\"part\":["
			+ "{\"name\":\"sequence\",\"valuePositiveInt\":1},{\"name\":\"code\",\"valueCoding\":{\"system\":\"" + CPT
			+ "\",\"code\":\"64483\"}},{\"name\":\"placeOfService\",\"valueCoding\":{\"code\":\"24\"}},"
			+ "{\"name\":\"serviced\",\"valueDate\":\"2026-03-02\"}]},{\"name\":\"line\",\"part\":["
			+ "{\"name\":\"sequence\",\"valuePositiveInt\":2},{\"name\":\"code\",\"valueCoding\":{\"system\":\"" + CPT
			+ "\",\"code\":\"77003:26\"}},{\"name\":\"placeOfService\",\"valueCoding\":{\"code\":\"24\"}},"
			+ "{\"name\":\"serviced\",\"valueDate\":\"2026-03-02\"}]},"
			+ "{\"name\":\"payer\",\"valueReference\":{\"reference\":\"Organization/medicare\"}}]}";

	private List<String> requestBodies() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("src/test/resources/billing"))) {
			List<String> claims = files.filter(file -> file.getFileName().toString().startsWith("Claim-")).sorted()
				.map(file -> {
					Parameters request = new Parameters();
					request.addParameter().setName("claim").setResource(read(file));
					return fhirContext.newJsonParser().encodeResourceToString(request);
				})
				.toList();
			return Stream.concat(claims.stream(), Stream.of(LINES)).toList();
		}
	}

	private Claim read(Path file) {
		try {
			return fhirContext.newJsonParser().parseResource(Claim.class, Files.readString(file));
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private HttpResponse<String> check(String query, String body, String accept) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/Claim/$billing-check" + query))
			.header("Content-Type", JSON)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (accept != null) {
			request.header("Accept", accept);
		}
		return send(request);
	}

	private double checks(String path) {
		HttpResponse<String> metric = send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/actuator/metrics/billing.checks?tag=path:" + path)));
		assertThat(metric.statusCode()).isEqualTo(200);
		return Double.parseDouble(metric.body().replaceAll("(?s).*\"value\":([0-9.E]+).*", "$1"));
	}

	private static Map<String, List<String>> headers(HttpResponse<String> response) {
		Map<String, List<String>> headers = new TreeMap<>();
		response.headers().map().forEach((name, values) -> {
			if (!PER_RESPONSE.contains(name.toLowerCase(Locale.ROOT))) {
				headers.put(name.toLowerCase(Locale.ROOT), values);
			}
		});
		return headers;
	}

	@Test
	void everyClaimIsAnsweredOnTheShortPathExactlyAsHapisPathAnswersIt() throws IOException {
		List<String> bodies = requestBodies();
		for (String accept : new String[] { null, JSON, "application/json", "*/*" }) {
			double shortBefore = checks("short");
			double hapiBefore = checks("hapi");
			for (String body : bodies) {
				HttpResponse<String> shortPath = check("", body, accept);
				HttpResponse<String> hapis = check("?_format=json", body, accept);
				HttpResponse<String> hapisEncoder = check("?_summary=false", body, accept);
				assertThat(shortPath.statusCode()).as(body).isEqualTo(200).isEqualTo(hapis.statusCode());
				assertThat(shortPath.body()).as(body).contains("\"verdict\"").isEqualTo(hapis.body())
					.isEqualTo(hapisEncoder.body());
				assertThat(headers(shortPath)).as(body).isEqualTo(headers(hapis)).containsKey("content-type");
				assertThat(shortPath.headers().firstValue("X-Request-ID")).isPresent();
			}
			assertThat(checks("short") - shortBefore).as("short-path answers, Accept " + accept).isEqualTo(bodies.size());
			assertThat(checks("hapi") - hapiBefore).as("HAPI answers, Accept " + accept).isEqualTo(2.0 * bodies.size());
		}
	}

	@Test
	void whatTheShortPathDoesNotAnswerHapisPathDoes() {
		double shortBefore = checks("short");
		// XML is HAPI's to write
		assertThat(check("", LINES, "application/fhir+xml").body()).startsWith("<Parameters").contains("verdict");
		// bad input gets HAPI's 400
		HttpResponse<String> bad = check("", "{\"resourceType\":\"Parameters\"}", null);
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(parse(bad, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("Give a claim");
		// an empty element is refused by HAPI's path (rule ele-1)
		HttpResponse<String> empty = check("", "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"claim\","
				+ "\"resource\":{\"resourceType\":\"Claim\",\"status\":\"active\",\"item\":[{\"sequence\":1,"
				+ "\"careTeamSequence\":[null],\"productOrService\":{\"coding\":[{\"system\":\"" + CPT
				+ "\",\"code\":\"77003\"}]},\"servicedDate\":\"2026-03-02\"}]}}]}", null);
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(parse(empty, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("ele-1");
		// a typed parameter HAPI's binding would convert or refuse is left to it
		String twoPayers = LINES.substring(0, LINES.length() - 2)
				+ ",{\"name\":\"payer\",\"valueReference\":{\"reference\":\"Organization/aetna\"}}]}";
		assertThat(check("", twoPayers, null).statusCode()).isEqualTo(check("?_format=json", twoPayers, null).statusCode());
		assertThat(checks("short")).isEqualTo(shortBefore);
	}

}
