package org.billingterminology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots the real server once (every subclass shares this one Spring context) on a random port
 * over an in-memory H2 database holding fhir-resources/, and talks to it as a client would. With
 * the postgres profile active (the failsafe execution "postgres" runs every test that way) the
 * database is a fresh one on a real PostgreSQL server instead. Metrics export is on as in
 * production (Spring Boot's tests turn it off by default), so that MonitoringIT sees it.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:integration;DB_CLOSE_DELAY=-1",
				"terminology.content-dir=fhir-resources", "terminology.admin-token=" + ServerTestSupport.ADMIN_TOKEN,
				// small, so that AnswerCacheIT can show the cache keeps to its budget in bytes
				"terminology.answer-cache-size=2MB",
				// short enough for HostileClientIT to see slow clients cut off within seconds
				"terminology.body-deadline=" + ServerTestSupport.BODY_DEADLINE_SECONDS + "s",
				"terminology.max-requests-per-client=" + ServerTestSupport.MAX_REQUESTS_PER_CLIENT,
				// small, so that CodeSystemImportIT can show the cap with a handful of made-up CPT codes
				"terminology.licensed-expansion-cap=3",
				// low, so that WorkBudgetIT reaches it within a second; still far above what the HL7
				// suite (EcosystemSuiteIT) needs of one request
				"terminology.max-work-steps=" + ServerTestSupport.MAX_WORK_STEPS,
				// one trusted proxy address, so that ForwardedHeadersIT can call from an untrusted one (127.0.0.2)
				"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1" })
public abstract class ServerTestSupport {

	/** The admin credential of the test server: writes need it (see adminClient()). */
	protected static final String ADMIN_TOKEN = "test-admin-token";

	protected static final int BODY_DEADLINE_SECONDS = 3;

	protected static final int MAX_REQUESTS_PER_CLIENT = 25;

	protected static final int MAX_WORK_STEPS = 1_000_000;

	protected static final String CPT = "http://www.ama-assn.org/go/cpt";

	protected static final String HCPCS = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

	protected static final String HCPCS_HTTPS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

	protected static final String VALUE_SETS = "http://fhir.billing-terminology.org/ValueSet/";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry properties) {
		if (TestPostgres.selected()) {
			properties.add("spring.datasource.url", () -> TestPostgres.jdbcUrl("integration"));
			properties.add("spring.datasource.username", () -> TestPostgres.USER);
			properties.add("spring.datasource.password", () -> "");
		}
	}

	@Autowired
	protected FhirContext fhirContext;

	protected String base() {
		return "http://localhost:" + port + "/fhir";
	}

	protected IGenericClient client() {
		fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		return fhirContext.newRestfulGenericClient(base());
	}

	/** A client that sends the admin credential, for tests that write. */
	protected IGenericClient adminClient() {
		IGenericClient client = client();
		client.registerInterceptor(new BearerTokenAuthInterceptor(ADMIN_TOKEN));
		return client;
	}

	/** A GET of a path below /fhir, exactly as given (the caller encodes what needs encoding). */
	protected HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", "application/fhir+json").GET());
	}

	protected HttpResponse<String> post(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(base() + path))
			.header("Content-Type", contentType)
			.header("Accept", "application/fhir+json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	protected HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	protected <T extends IBaseResource> T parse(HttpResponse<String> response, Class<T> type) {
		return fhirContext.newJsonParser().parseResource(type, response.body());
	}

}
