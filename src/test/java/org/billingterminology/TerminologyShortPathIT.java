package org.billingterminology;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain GET $lookup or $validate-code is answered before HAPI's RestfulServer (http's
 * ShortPaths), and the client cannot tell: the same status, body and headers as HAPI's path gives
 * (taken by adding _format=json, which only HAPI's path reads), for every code of every shipped
 * code system and every shipped value set, and the metric says the short path gave each success.
 * What it does not answer (errors, other formats, parameters it does not read), HAPI does.
 */
class TerminologyShortPathIT extends ServerTestSupport {

	/** Per response by nature (date, request id), or framing: a stream's length either way. */
	private static final Set<String> NOT_COMPARED = Set.of("date", "x-request-id", "content-length", "transfer-encoding");

	private record Call(String path, String query) {
	}

	private record Compared(int successes, int calls) {
	}

	private static String encoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** Every code of the shipped code systems (not supplements), with its code system. */
	private static List<String[]> shippedCodes() {
		List<String[]> codes = new ArrayList<>();
		for (CodeSystem codeSystem : ShippedContent.all(CodeSystem.class)) {
			if (codeSystem.getContent() != CodeSystem.CodeSystemContentMode.SUPPLEMENT) {
				walk(codeSystem, codeSystem.getConcept(), codes);
			}
		}
		return codes;
	}

	private static void walk(CodeSystem codeSystem, List<ConceptDefinitionComponent> concepts, List<String[]> codes) {
		for (ConceptDefinitionComponent concept : concepts) {
			codes.add(new String[] { codeSystem.getUrl(), codeSystem.getVersion(), concept.getCode(), concept.getDisplay() });
			walk(codeSystem, concept.getConcept(), codes);
		}
	}

	private HttpResponse<byte[]> call(Call call, String extra, String accept, boolean gzip) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(base() + call.path() + "?" + call.query() + extra))
			.header("Cache-Control", "no-cache");
		if (accept != null) {
			request.header("Accept", accept);
		}
		if (gzip) {
			request.header("Accept-Encoding", "gzip");
		}
		try {
			return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static String body(HttpResponse<byte[]> response) {
		boolean gzipped = response.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent();
		try {
			byte[] bytes = gzipped ? new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes()
					: response.body();
			return new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Map<String, List<String>> headers(HttpResponse<byte[]> response) {
		Map<String, List<String>> headers = new TreeMap<>();
		response.headers().map().forEach((name, values) -> {
			if (!NOT_COMPARED.contains(name.toLowerCase(Locale.ROOT))) {
				headers.put(name.toLowerCase(Locale.ROOT), values);
			}
		});
		return headers;
	}

	private double shortAnswers(String path) {
		HttpResponse<String> metric = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
				+ "/actuator/metrics/http.short.path.answers?tag=path:" + encoded("/fhir" + path))));
		assertThat(metric.statusCode()).as(metric.body()).isEqualTo(200);
		return Double.parseDouble(metric.body().replaceAll("(?s).*\"value\":([0-9.E]+).*", "$1"));
	}

	/** Each call on both paths: same status, body and headers; returns how many were successes. */
	private Compared compare(List<Call> calls, String accept, boolean gzip) {
		int successes = 0;
		for (Call call : calls) {
			HttpResponse<byte[]> shortPath = call(call, "", accept, gzip);
			HttpResponse<byte[]> hapis = call(call, "&_format=json", accept, gzip);
			String what = call.path() + "?" + call.query();
			assertThat(shortPath.statusCode()).as(what).isEqualTo(hapis.statusCode());
			assertThat(body(shortPath)).as(what).isEqualTo(body(hapis)).startsWith("{\"resourceType\":");
			assertThat(headers(shortPath)).as(what).isEqualTo(headers(hapis)).containsKey("content-type");
			if (shortPath.statusCode() == 200) {
				successes++;
			}
		}
		return new Compared(successes, calls.size());
	}

	private void answeredOnTheShortPath(String path, List<Call> calls, String accept, boolean gzip) {
		double before = shortAnswers(path);
		Compared compared = compare(calls, accept, gzip);
		assertThat(compared.successes()).as("successes of " + path).isGreaterThan(compared.calls() / 2);
		assertThat(shortAnswers(path) - before).as("short-path answers of " + path).isEqualTo(compared.successes());
	}

	@Test
	void everyShippedCodeIsLookedUpOnTheShortPathExactlyAsHapisPathLooksItUp() {
		List<Call> calls = new ArrayList<>();
		for (String[] code : shippedCodes()) {
			String plain = "system=" + encoded(code[0]) + "&code=" + encoded(code[2]);
			calls.add(new Call("/CodeSystem/$lookup", plain));
			calls.add(new Call("/CodeSystem/$lookup", plain + "&version=" + encoded(code[1]) + "&displayLanguage=en"));
			calls.add(new Call("/CodeSystem/$lookup", plain + "&property=display&property=parent&property=status"));
		}
		answeredOnTheShortPath("/CodeSystem/$lookup", calls, null, false);
		answeredOnTheShortPath("/CodeSystem/$lookup", calls.subList(0, 12), "application/fhir+json", true);
	}

	@Test
	void everyShippedCodeIsValidatedOnTheShortPathExactlyAsHapisPathValidatesIt() {
		List<Call> calls = new ArrayList<>();
		for (String[] code : shippedCodes()) {
			String plain = "url=" + encoded(code[0]) + "&code=" + encoded(code[2]);
			calls.add(new Call("/CodeSystem/$validate-code", plain));
			calls.add(new Call("/CodeSystem/$validate-code", plain + "&version=" + encoded(code[1]) + "&display="
					+ encoded(code[3] == null ? "no display" : code[3])));
			calls.add(new Call("/CodeSystem/$validate-code", plain + "&display=" + encoded("Not its display, surely")));
		}
		calls.add(new Call("/CodeSystem/$validate-code", "url=" + encoded(CPT) + "&code=99999"));
		answeredOnTheShortPath("/CodeSystem/$validate-code", calls, "application/json", false);
		answeredOnTheShortPath("/CodeSystem/$validate-code", calls.subList(0, 12), "*/*", true);
	}

	@Test
	void everyShippedCodeIsValidatedAgainstEveryShippedValueSetOnTheShortPathAsOnHapis() {
		List<Call> calls = new ArrayList<>();
		for (ValueSet valueSet : ShippedContent.all(ValueSet.class)) {
			String url = "url=" + encoded(valueSet.getUrl());
			for (String[] code : shippedCodes()) {
				calls.add(new Call("/ValueSet/$validate-code",
						url + "&system=" + encoded(code[0]) + "&code=" + encoded(code[2])));
			}
			calls.add(new Call("/ValueSet/$validate-code", url + "&code=77003&inferSystem=true"));
			calls.add(new Call("/ValueSet/$validate-code", url + "&valueSetVersion=" + encoded(valueSet.getVersion())
					+ "&system=" + encoded(CPT) + "&systemVersion=2026-fragment&code=77003&display=" + encoded("Not it")));
		}
		answeredOnTheShortPath("/ValueSet/$validate-code", calls, null, false);
		answeredOnTheShortPath("/ValueSet/$validate-code", calls.subList(0, 12), null, true);
	}

	@Test
	void whatTheShortPathDoesNotAnswerHapisPathDoes() {
		String lookup = "/CodeSystem/$lookup";
		double before = shortAnswers(lookup);
		String plain = "system=" + encoded(CPT) + "&code=77003";
		// errors are HAPI's (an unknown code), and what HAPI's binding decides: a parameter given twice, an empty one
		assertThat(compare(List.of(new Call(lookup, "system=" + encoded(CPT) + "&code=00000"),
				new Call(lookup, plain + "&code=77002"), new Call(lookup, plain + "&version=")), null, false).successes())
			.isEqualTo(2);
		// a typed parameter it does not bind (coding), and HAPI's own parameters
		assertThat(compare(List.of(new Call(lookup, "coding=" + encoded(CPT + "|77003"))), null, false).calls()).isOne();
		assertThat(body(call(new Call(lookup, plain), "&_pretty=true", null, false))).contains("\n");
		assertThat(body(call(new Call(lookup, plain), "", "application/fhir+xml", false))).startsWith("<Parameters");
		// an admin's request may have other limits: HAPI's path, with the same answer
		HttpResponse<String> admin = send(HttpRequest.newBuilder(URI.create(base() + lookup + "?" + plain))
			.header("Authorization", "Bearer " + ADMIN_TOKEN));
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(shortAnswers(lookup)).isEqualTo(before);
		// and a replay of a short-path answer is kept and replayed as HAPI's would be
		HttpResponse<String> first = get(lookup + "?" + plain + "&displayLanguage=en-US");
		HttpResponse<String> second = get(lookup + "?" + plain + "&displayLanguage=en-US");
		assertThat(second.body()).isEqualTo(first.body()).contains("\"display\"");
		assertThat(first.headers().firstValue("X-Cache")).contains("miss");
		assertThat(second.headers().firstValue("X-Cache")).contains("hit");
		assertThat(shortAnswers(lookup) - before).isEqualTo(1.0);
	}

}
