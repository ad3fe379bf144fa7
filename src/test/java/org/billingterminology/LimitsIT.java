package org.billingterminology;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.connector.Connector;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits the README documents, as the running server applies them. */
class LimitsIT extends ServerTestSupport {

	private static final int BODY_LIMIT = 1024 * 1024;

	@Autowired
	private ServletWebServerApplicationContext context;

	/** A valid $lookup body of exactly the given size, its code padded to fit. */
	private static String lookupOfSize(int size) {
		String head = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"system\",\"valueUri\":\"" + CPT
				+ "\"},{\"name\":\"code\",\"valueCode\":\"";
		String tail = "\"}]}";
		return head + "9".repeat(size - head.length() - tail.length()) + tail;
	}

	@Test
	void aBodyOfExactlyTheLimitIsReadAndOneByteMoreIsRefused() {
		String atLimit = lookupOfSize(BODY_LIMIT);
		assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(BODY_LIMIT);
		HttpResponse<String> read = post("/CodeSystem/$lookup", "application/fhir+json", atLimit);
		assertThat(read.statusCode()).isEqualTo(404);
		assertThat(read.body()).contains("Unknown code '9999");

		HttpResponse<String> refused = post("/CodeSystem/$lookup", "application/fhir+json", lookupOfSize(BODY_LIMIT + 1));
		assertThat(refused.statusCode()).isEqualTo(413);
		assertThat(refused.body()).contains("OperationOutcome", "larger than this server accepts (1048576 bytes)");
	}

	@Test
	void searchPagesHoldFiftyByDefaultAndACountAboveFiveHundredIsCapped() {
		List<String> ids = new ArrayList<>();
		StringBuilder create = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		for (int i = 0; i < 510; i++) {
			String id = "page-test-" + i;
			ids.add(id);
			create.append(i == 0 ? "" : ",")
				.append("{\"resource\":{\"resourceType\":\"Organization\",\"id\":\"")
				.append(id)
				.append("\",\"name\":\"Page test\",\"identifier\":[{\"system\":\"urn:page-test\",\"value\":\"")
				.append(i)
				.append("\"}]},\"request\":{\"method\":\"PUT\",\"url\":\"Organization/")
				.append(id)
				.append("\"}}");
		}
		assertThat(adminPost(create.append("]}").toString()).statusCode()).isEqualTo(200);
		try {
			Bundle byDefault = parse(get("/Organization?identifier=urn:page-test%7C&_total=accurate"), Bundle.class);
			assertThat(byDefault.getTotal()).isEqualTo(510);
			assertThat(byDefault.getEntry()).hasSize(50);

			Bundle capped = parse(get("/Organization?identifier=urn:page-test%7C&_count=1000"), Bundle.class);
			assertThat(capped.getEntry()).hasSize(500);
			assertThat(capped.getLink("next")).isNotNull();

			assertThat(parse(get("/Organization?identifier=urn:page-test%7C&_count=7"), Bundle.class).getEntry()).hasSize(7);
		}
		finally {
			StringBuilder delete = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
			for (int i = 0; i < ids.size(); i++) {
				delete.append(i == 0 ? "" : ",")
					.append("{\"request\":{\"method\":\"DELETE\",\"url\":\"Organization/")
					.append(ids.get(i))
					.append("\"}}");
			}
			assertThat(adminPost(delete.append("]}").toString()).statusCode()).isEqualTo(200);
		}
	}

	private HttpResponse<String> adminPost(String bundle) {
		return send(HttpRequest.newBuilder(URI.create(base()))
			.header("Content-Type", "application/fhir+json")
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.POST(HttpRequest.BodyPublishers.ofString(bundle)));
	}

	@Test
	void tomcatDropsIdleAndStalledConnectionsAndCapsTheRequestHead() {
		Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProperty("connectionTimeout")).isEqualTo(20000);
		assertThat(connector.getProperty("keepAliveTimeout")).isEqualTo(20000);
		assertThat(connector.getProperty("maxHttpRequestHeaderSize")).isEqualTo(16384);
	}

}
