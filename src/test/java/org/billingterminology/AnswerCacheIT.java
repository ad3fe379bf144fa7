package org.billingterminology;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ChargeItemDefinition;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path (replayed answers) says exactly what the full HAPI path says, for every shipped
 * code and value set, never outlives a change, gives each caller its own request id and CORS
 * headers, cannot be multiplied by values that do not change an answer, and stays within its
 * budget in bytes (the tests' server has a small one, see ServerTestSupport).
 */
class AnswerCacheIT extends ServerTestSupport {

	/** Cache-Control asks for a fresh answer, so this request goes the full HAPI path. */
	private HttpResponse<String> fresh(String path) {
		return send(HttpRequest.newBuilder(URI.create(base() + path))
			.header("Accept", "application/fhir+json")
			.header("Cache-Control", "no-cache"));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private void assertSameAnswer(String path) {
		HttpResponse<String> first = get(path);
		HttpResponse<String> replayed = get(path);
		HttpResponse<String> full = fresh(path);
		assertThat(replayed.statusCode()).as(path).isEqualTo(full.statusCode());
		assertThat(replayed.headers().firstValue("Content-Type")).as(path).isEqualTo(full.headers().firstValue("Content-Type"));
		assertThat(replayed.body()).as(path).isEqualTo(first.body()).isEqualTo(full.body());
	}

	/** A fresh search is a new search, with its own id and time; the matches must be the same. */
	private void assertSameSearch(String path) {
		HttpResponse<String> first = get(path);
		assertThat(withoutSearchStamp(get(path).body())).as(path).isEqualTo(withoutSearchStamp(first.body()));
		assertThat(withoutSearchStamp(fresh(path).body())).as(path).isEqualTo(withoutSearchStamp(first.body()));
	}

	private String withoutSearchStamp(String json) {
		Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, json);
		bundle.setId((String) null);
		bundle.getMeta().setLastUpdated(null);
		return fhirContext.newJsonParser().encodeResourceToString(bundle);
	}

	private String withoutExpansionStamp(String json) {
		ValueSet valueSet = fhirContext.newJsonParser().parseResource(ValueSet.class, json);
		valueSet.getExpansion().setIdentifier(null).setTimestamp(null);
		return fhirContext.newJsonParser().encodeResourceToString(valueSet);
	}

	@Test
	void everyShippedCodeAnswersTheSameFromTheFastPath() {
		for (CodeSystem codeSystem : ShippedContent.all(CodeSystem.class)) {
			for (var concept : codeSystem.getConcept()) {
				String code = encode(concept.getCode());
				assertSameAnswer("/CodeSystem/$lookup?system=" + codeSystem.getUrl() + "&code=" + code);
				assertSameAnswer("/CodeSystem/$validate-code?url=" + codeSystem.getUrl() + "&code=" + code);
			}
		}
	}

	@Test
	void everyShippedValueSetExpandsAndValidatesTheSameFromTheFastPath() {
		for (ValueSet valueSet : ShippedContent.all(ValueSet.class)) {
			String path = "/ValueSet/$expand?url=" + valueSet.getUrl();
			// the database poller may start a new cache generation between two requests, and a fresh
			// expansion has its own identifier and time: compare what the expansion says
			HttpResponse<String> first = get(path);
			assertThat(withoutExpansionStamp(get(path).body())).as(path).isEqualTo(withoutExpansionStamp(first.body()));
			assertThat(withoutExpansionStamp(fresh(path).body())).as(path).isEqualTo(withoutExpansionStamp(first.body()));
			for (var include : valueSet.getCompose().getInclude()) {
				for (var concept : include.getConcept()) {
					assertSameAnswer("/ValueSet/$validate-code?url=" + valueSet.getUrl() + "&system=" + include.getSystem()
							+ "&code=" + encode(concept.getCode()));
				}
			}
		}
		assertSameSearch("/ChargeItemDefinition?code=" + CPT + "%7C77003");
	}

	@Test
	void formatPrettyAndElementsShapeTheReplayedAnswer() {
		String lookup = "/CodeSystem/$lookup?system=" + CPT + "&code=77003";
		assertThat(get(lookup + "&_format=xml").body()).startsWith("<Parameters");
		assertThat(get(lookup + "&_format=xml").body()).startsWith("<Parameters");
		assertThat(get(lookup + "&_pretty=true").body()).contains("\n");
		assertThat(get(lookup).body()).doesNotContain("\n");
		assertSameAnswer(lookup + "&_format=xml");
		assertSameSearch("/ChargeItemDefinition?payer=Organization/aetna&_elements=title");
		assertThat(get("/ChargeItemDefinition?payer=Organization/aetna&_elements=title").body()).doesNotContain("\"description\"");
	}

	@Test
	void postedRequestsAreAnsweredByTheirBody() {
		String seventySevenThousandThree = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"system\",\"valueUri\":\"" + CPT
				+ "\"},{\"name\":\"code\",\"valueCode\":\"77003\"}]}";
		String twentySix = seventySevenThousandThree.replace("77003", "26");
		for (int i = 0; i < 2; i++) {
			assertThat(post("/CodeSystem/$lookup", "application/fhir+json", seventySevenThousandThree).body()).contains("spinal");
			assertThat(post("/CodeSystem/$lookup", "application/fhir+json", twentySix).body()).contains("work part only");
		}
	}

	@Test
	void aChangedPayerNoteIsSearchedAtOnce() {
		String search = "/ChargeItemDefinition?payer=Organization/cigna";
		assertThat(get(search).body()).doesNotContain("Edited for a cache test");
		// a note of the test's own: the shipped ones belong to the content folder
		ChargeItemDefinition stored = client().read().resource(ChargeItemDefinition.class).withId("cpt-77003-cigna").execute().copy();
		stored.setId("cache-test-cigna");
		stored.setUrl("http://example.org/fhir/ChargeItemDefinition/cache-test-cigna");
		stored.getMeta().setVersionId(null);
		adminClient().update().resource(stored).execute();
		try {
			assertThat(get(search).body()).contains("cache-test-cigna").doesNotContain("Edited for a cache test");
			ChargeItemDefinition edited = stored.copy();
			edited.setTitle("Edited for a cache test");
			adminClient().update().resource(edited).execute();
			assertThat(get(search).body()).contains("Edited for a cache test");
		}
		finally {
			adminClient().delete().resourceById("ChargeItemDefinition", "cache-test-cigna").execute();
		}
		assertThat(get(search).body()).doesNotContain("Edited for a cache test").doesNotContain("cache-test-cigna");
	}

	private static final String LOOKUP = "/CodeSystem/$lookup?system=" + CPT + "&code=77003";

	private static final String EXPAND_ALL = "/ValueSet/$expand?url=" + VALUE_SETS + "all-codes";

	private HttpResponse<String> get(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).GET();
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	private RawHttp.Response rawGet(String path, String... headerLines) {
		String head = "GET /fhir" + path + " HTTP/1.1\r\n" + String.join("\r\n", headerLines);
		return RawHttp.exchange(port, head.getBytes(StandardCharsets.ISO_8859_1), null, false);
	}

	private double metric(String name, String... tags) {
		StringBuilder path = new StringBuilder("/actuator/metrics/" + name + "?tag=cache:answers");
		for (String tag : tags) {
			path.append("&tag=").append(tag);
		}
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)));
		assertThat(response.statusCode()).as(path.toString()).isEqualTo(200);
		Matcher value = Pattern.compile("\"value\":([0-9.E-]+)").matcher(response.body());
		assertThat(value.find()).as(response.body()).isTrue();
		return Double.parseDouble(value.group(1));
	}

	@Test
	void aReplayIsMarkedAndCarriesItsOwnRequestIdAndOneCorsHeader() {
		HttpResponse<String> first = get(LOOKUP, "Accept", "application/fhir+json", "Origin", "https://ehr.example");
		HttpResponse<String> replayed = get(LOOKUP, "Accept", "application/fhir+json", "Origin", "https://ehr.example");
		assertThat(replayed.headers().firstValue("X-Cache")).hasValue("hit");
		assertThat(replayed.body()).isEqualTo(first.body());
		assertThat(replayed.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");
		assertThat(replayed.headers().allValues("X-Request-ID")).hasSize(1)
			.doesNotContainAnyElementsOf(first.headers().allValues("X-Request-ID"));
		assertThat(replayed.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(replayed.headers().allValues("Vary")).doesNotHaveDuplicates();
		HttpResponse<String> named = get(LOOKUP, "Accept", "application/fhir+json", "X-Request-ID", "claim-line-7");
		assertThat(named.headers().firstValue("X-Cache")).hasValue("hit");
		assertThat(named.headers().allValues("X-Request-ID")).containsExactly("claim-line-7");
	}

	@Test
	void hostAndOriginDoNotMakeNewEntries() {
		RawHttp.Response first = rawGet(EXPAND_ALL, "Host: one.example", "Origin: https://one.example");
		RawHttp.Response second = rawGet(EXPAND_ALL, "Host: two.example", "Origin: https://two.example");
		// another test class's committed write empties the cache; a Host in the key would never hit
		for (int attempt = 0; attempt < 3 && !"hit".equals(second.header("X-Cache")); attempt++) {
			first = rawGet(EXPAND_ALL, "Host: one.example", "Origin: https://one.example");
			second = rawGet(EXPAND_ALL, "Host: two.example", "Origin: https://two.example");
		}
		assertThat(first.status()).isEqualTo(200);
		assertThat(second.header("X-Cache")).isEqualTo("hit");
		assertThat(second.body()).isEqualTo(first.body()).doesNotContain("one.example");
	}

	@Test
	void searchLinksFollowTheServersBaseNotAnEarlierCaller() {
		String search = "/ChargeItemDefinition?payer=Organization/medicare";
		assertThat(rawGet(search, "Host: one.example").body()).contains("http://one.example/fhir/");
		RawHttp.Response other = rawGet(search, "Host: two.example");
		assertThat(other.body()).contains("http://two.example/fhir/").doesNotContain("one.example");
	}

	@Test
	void parameterOrderAndSpellingDoNotMakeNewEntries() {
		get("/CodeSystem/$lookup?system=" + CPT + "&code=77002");
		HttpResponse<String> reordered = get("/CodeSystem/$lookup?code=%37%37002&system=" + encode(CPT));
		assertThat(reordered.headers().firstValue("X-Cache")).hasValue("hit");
	}

	@Test
	void aMadeUpParameterTakesTheFullPathAndIsNotKept() {
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> answer = get(LOOKUP + "&utm_source=" + i);
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(answer.headers().firstValue("X-Cache")).isEmpty();
		}
	}

	@Test
	void everyAcceptHeaderIsReadSoAnHtmlAnswerNeverReachesJsonClients() {
		String path = "/CodeSystem/$lookup?system=" + CPT + "&code=77012";
		RawHttp.Response html = rawGet(path, "Accept: application/fhir+json", "Accept: text/html");
		assertThat(html.header("Content-Type")).startsWith("text/html");
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> json = get(path, "Accept", "application/fhir+json");
			assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/fhir+json"));
			assertThat(json.body()).startsWith("{");
		}
		assertThat(get(path, "Accept", "text/html").headers().firstValue("X-Cache")).isEmpty();
	}

	@Test
	void thousandsOfDistinctAnswersStayWithinTheBudgetAndTheServerKeepsAnswering() {
		double budget = metric("cache.budget");
		double evictionsBefore = metric("cache.evictions");
		String validate = "/CodeSystem/$validate-code?url=" + CPT + "&code=77003&display=";
		for (int i = 0; i < 3000; i++) {
			HttpResponse<String> answer = get(validate + "guess-" + i);
			assertThat(answer.statusCode()).isEqualTo(200);
		}
		assertThat(metric("cache.weight")).isPositive().isLessThanOrEqualTo(budget);
		assertThat(metric("cache.evictions")).isGreaterThan(evictionsBefore);
		HttpResponse<String> lookup = get(LOOKUP);
		assertThat(lookup.statusCode()).isEqualTo(200);
		assertThat(get(LOOKUP).headers().firstValue("X-Cache")).hasValue("hit");
	}

	@Test
	void aChangeEmptiesTheCache() {
		String path = "/CodeSystem/$lookup?system=" + CPT + "&code=77001";
		get(path);
		assertThat(get(path).headers().firstValue("X-Cache")).hasValue("hit");
		CodeSystem own = new CodeSystem();
		own.setUrl("http://example.org/cache-test/" + System.nanoTime()).setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE)
			.setContent(CodeSystem.CodeSystemContentMode.COMPLETE).addConcept().setCode("a");
		var created = adminClient().create().resource(own).execute().getId();
		try {
			assertThat(get(path).headers().firstValue("X-Cache")).hasValue("miss");
		}
		finally {
			adminClient().delete().resourceById(created.toUnqualifiedVersionless()).execute();
		}
	}

}
