package org.billingterminology;

import java.nio.charset.StandardCharsets;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleLinkComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a TLS proxy, links name the address clients use: X-Forwarded-Proto, -Host, -Port and
 * -Prefix are honoured from a trusted proxy (the test server trusts 127.0.0.1 only) and ignored
 * from anyone else (127.0.0.2 here), so that no client can plant its own host in answers.
 */
class ForwardedHeadersIT extends ServerTestSupport {

	private static final String FORWARDED = "X-Forwarded-Proto: https\r\nX-Forwarded-Host: tx.example.org\r\n"
			+ "X-Forwarded-Prefix: /terminology\r\n";

	@Test
	void aSearchBundleFromATrustedProxyLinksToThePublicAddress() {
		Bundle bundle = search("127.0.0.1", FORWARDED);

		assertThat(bundle.getLink()).extracting(BundleLinkComponent::getUrl)
			.isNotEmpty()
			.allMatch(url -> url.startsWith("https://tx.example.org/terminology/fhir"), "names the public base");
		assertThat(bundle.getEntryFirstRep().getFullUrl()).startsWith("https://tx.example.org/terminology/fhir/ChargeItemDefinition/");
	}

	@Test
	void theCapabilityStatementFromATrustedProxyNamesThePublicAddress() {
		RawHttp.Response metadata = exchange("127.0.0.1", "GET /fhir/metadata", FORWARDED);

		assertThat(metadata.status()).isEqualTo(200);
		assertThat(metadata.body()).contains("\"url\":\"https://tx.example.org/terminology/fhir\"");
	}

	@Test
	void forwardedHeadersFromAnyoneElseAreIgnored() {
		Bundle bundle = search("127.0.0.2", FORWARDED);

		assertThat(bundle.getLink()).extracting(BundleLinkComponent::getUrl)
			.isNotEmpty()
			.allMatch(url -> url.startsWith("http://127.0.0.1:" + port + "/fhir"), "names the address asked")
			.noneMatch(url -> url.contains("example.org") || url.contains("terminology/"));
	}

	/**
	 * The replayed search answer of one public address is never handed to a request for another
	 * (a search of one page, which the replay cache keeps).
	 */
	@Test
	void replayedSearchesKeepTheBaseTheyWereMadeFor() {
		String[][] bases = { { "tx.example.org", "/one" }, { "tx.example.org", "/two" }, { "other.example", "/one" } };
		for (int round = 0; round < 2; round++) {
			for (String[] base : bases) {
				RawHttp.Response response = exchange("127.0.0.1", "GET /fhir/ChargeItemDefinition?code=76942",
						"X-Forwarded-Proto: https\r\nX-Forwarded-Host: " + base[0] + "\r\nX-Forwarded-Prefix: " + base[1]);
				String expected = "https://" + base[0] + base[1] + "/fhir";
				assertThat(response.header("X-Cache")).as("replayed the second time").isEqualTo(round == 0 ? "miss" : "hit");
				assertThat(fhirContext.newJsonParser().parseResource(Bundle.class, response.body()).getLink())
					.extracting(BundleLinkComponent::getUrl)
					.isNotEmpty()
					.allMatch(url -> url.startsWith(expected), expected);
			}
		}
	}

	@Test
	void aPrefixThatIsNotAPlainPathIsNotTaken() {
		Bundle bundle = search("127.0.0.1", "X-Forwarded-Prefix: //evil.example/x?y=\r\n");

		assertThat(bundle.getLink()).extracting(BundleLinkComponent::getUrl)
			.allMatch(url -> url.startsWith("http://127.0.0.1:" + port + "/fhir"))
			.noneMatch(url -> url.contains("evil"));
	}

	private Bundle search(String from, String headers) {
		RawHttp.Response response = exchange(from, "GET /fhir/ChargeItemDefinition?code=77003&_count=1", headers);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return fhirContext.newJsonParser().parseResource(Bundle.class, response.body());
	}

	private RawHttp.Response exchange(String from, String requestLine, String headers) {
		String head = requestLine + " HTTP/1.1\r\nAccept: application/fhir+json\r\n" + headers.strip();
		return RawHttp.exchange(from, port, head.getBytes(StandardCharsets.US_ASCII), null, false);
	}

}
