package org.billingterminology;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ChargeItemDefinition;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path (replayed answers) says exactly what the full HAPI path says, for every shipped
 * code and value set, and never outlives a change.
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
			assertThat(post("/CodeSystem/$lookup", "application/fhir+json", twentySix).body()).contains("Professional");
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

}
