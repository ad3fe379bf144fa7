package org.billingterminology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ChargeItemDefinition;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes, launched at the same moment on one empty PostgreSQL database, as a
 * deployment behind a load balancer runs them: both start without an error and the content is
 * stored once; a change written through one is answered by the other within 5 seconds, even for
 * questions it had answered before the change.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoServerProcessesIT {

	private static final String CPT = ServerTestSupport.CPT;

	/** The code system the test changes: one of its own, since the shipped ones belong to the content folder. */
	private static final String SYSTEM = "http://example.org/fhir/CodeSystem/two-process-test";

	private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(5);

	private static final String TOKEN = "two-processes-" + UUID.randomUUID();

	private static final Path OUTPUT = Path.of("target", "two-server-processes");

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static String jdbcUrl;

	private static ServerProcess a;

	private static ServerProcess b;

	private static final Map<String, Duration> readyAfter = new LinkedHashMap<>();

	private static final List<String> figures = new ArrayList<>();

	@BeforeAll
	static void launchBothAtOnce() throws Exception {
		jdbcUrl = TestPostgres.jdbcUrl("two_processes");
		List<String> arguments = List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + TestPostgres.USER, "--spring.datasource.password=",
				"--terminology.content-dir=" + ShippedContent.FOLDER.toAbsolutePath(),
				"--terminology.admin-token=" + TOKEN, "--terminology.change-poll-interval=1s");
		a = ServerProcess.launch("server-a", OUTPUT, arguments);
		b = ServerProcess.launch("server-b", OUTPUT, arguments);
		readyAfter.putAll(ServerProcess.awaitReady(List.of(a, b), Duration.ofMinutes(4)));
		readyAfter.forEach((name, time) -> figures.add(name + " launch to ready: " + time.toMillis() + " ms"));
	}

	@AfterAll
	static void stopBoth() throws Exception {
		for (ServerProcess server : new ServerProcess[] { a, b }) {
			if (server != null) {
				server.close();
			}
		}
		if (!figures.isEmpty()) {
			figures.forEach(System.out::println);
			Files.createDirectories(OUTPUT);
			Files.write(OUTPUT.resolve("figures.txt"), figures);
		}
	}

	@Test
	@Order(1)
	void bothStartWithoutErrorsAndTheContentIsStoredOnce() throws Exception {
		long files = contentFiles();
		try (Connection connection = DriverManager.getConnection(jdbcUrl, TestPostgres.USER, "");
				Statement statement = connection.createStatement()) {
			assertThat(count(statement, "select count(*) from hfj_resource")).isEqualTo(files);
			// one stored version each: nothing was written twice
			assertThat(count(statement, "select count(*) from hfj_res_ver")).isEqualTo(files);
		}
		long stored = 0;
		for (ServerProcess server : List.of(a, b)) {
			List<String> log = server.logLines();
			assertThat(log).as(server.name()).noneMatch(line -> line.contains(" ERROR "));
			stored += createdOrUpdated(log);
		}
		assertThat(stored).as("resources stored by the two processes together").isEqualTo(files);
		for (ServerProcess server : List.of(a, b)) {
			assertThat(display(server, CPT, "77003")).isEqualTo(display(a, CPT, "77003")).isNotBlank();
			assertThat(chargeItemsFor(server, CPT, "77003")).hasSize(ShippedContent.chargeItemsFor("77003").size());
		}
	}

	@Test
	@Order(2)
	void aChangeThroughOneIsAnsweredByTheOtherWithinFiveSeconds() throws Exception {
		CodeSystem testSystem = new CodeSystem().setUrl(SYSTEM)
			.setStatus(PublicationStatus.ACTIVE)
			.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		testSystem.setId("two-process-test");
		testSystem.addConcept().setCode("77002").setDisplay("Original");
		write(a, testSystem);
		ValueSet all = new ValueSet().setUrl(SYSTEM + "-all").setStatus(PublicationStatus.ACTIVE);
		all.setId("two-process-test-all");
		all.getCompose().addInclude().setSystem(SYSTEM);
		write(a, all);
		ChargeItemDefinition item = new ChargeItemDefinition().setUrl(SYSTEM + "-charge").setStatus(PublicationStatus.ACTIVE);
		item.setId("two-process-test");
		item.getCode().addCoding().setSystem(SYSTEM).setCode("77002");
		write(a, item);
		assertThat(awaitAll(b, Map.of("the test's code system", server -> send(HttpRequest.newBuilder(
				URI.create(server.base() + "/CodeSystem/$lookup?system=" + SYSTEM + "&code=77002")).GET()).statusCode() == 200),
				System.nanoTime()).get("the test's code system")).isLessThanOrEqualTo(PROPAGATION_LIMIT);
		for (int round = 1; round <= 3; round++) {
			String code = "9999" + round;
			String display = "Changed through server-a, round " + round;
			// b answers first from what it knows, so any cache it keeps is filled with the old answers
			assertThat(display(b, SYSTEM, "77002")).isNotEqualTo(display);
			assertThat(validates(b, code)).isFalse();
			assertThat(expandsAllCodesTo(b, code)).isFalse();
			assertThat(chargeItemsFor(b, SYSTEM, code)).isEmpty();

			CodeSystem changed = read(a, "CodeSystem/two-process-test", CodeSystem.class);
			changed.getConcept().stream().filter(c -> c.getCode().equals("77002")).forEach(c -> c.setDisplay(display));
			changed.addConcept().setCode(code).setDisplay("Added through server-a");
			write(a, changed);
			ChargeItemDefinition charge = read(a, "ChargeItemDefinition/two-process-test", ChargeItemDefinition.class);
			charge.getCode().addCoding().setSystem(SYSTEM).setCode(code);
			write(a, charge);
			long written = System.nanoTime();
			// the writer itself answers from its very next request
			assertThat(display(a, SYSTEM, "77002")).isEqualTo(display);

			Map<String, Predicate<ServerProcess>> answers = new LinkedHashMap<>();
			answers.put("$lookup", server -> display.equals(display(server, SYSTEM, "77002")));
			answers.put("$validate-code", server -> validates(server, code));
			answers.put("$expand", server -> expandsAllCodesTo(server, code));
			answers.put("ChargeItemDefinition search", server -> chargeItemsFor(server, SYSTEM, code).size() == 1);
			Map<String, Duration> seen = awaitAll(b, answers, written);
			figures.add("round " + round + ", answered by server-b after: " + describe(seen));
			assertThat(seen.values()).allSatisfy(delay -> assertThat(delay).isLessThanOrEqualTo(PROPAGATION_LIMIT));
		}
	}

	/** Asks every question again and again until each is answered as expected, noting when. */
	private static Map<String, Duration> awaitAll(ServerProcess server, Map<String, Predicate<ServerProcess>> answers,
			long since) throws InterruptedException {
		Map<String, Duration> seen = new LinkedHashMap<>();
		long deadline = since + PROPAGATION_LIMIT.multipliedBy(2).toNanos();
		while (seen.size() < answers.size() && System.nanoTime() < deadline) {
			for (var answer : answers.entrySet()) {
				if (!seen.containsKey(answer.getKey()) && answer.getValue().test(server)) {
					seen.put(answer.getKey(), Duration.ofNanos(System.nanoTime() - since));
				}
			}
			Thread.sleep(20);
		}
		answers.keySet().forEach(question -> seen.putIfAbsent(question, Duration.ofNanos(deadline - since)));
		return seen;
	}

	private static String describe(Map<String, Duration> seen) {
		return seen.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms").toList().toString();
	}

	private static String display(ServerProcess server, String system, String code) {
		Parameters result = get(server, "/CodeSystem/$lookup?system=" + system + "&code=" + code, Parameters.class);
		return result.getParameterValue("display").primitiveValue();
	}

	/**
	 * Whether the code validates as a concept of the test's code system, with its display.
	 */
	private static boolean validates(ServerProcess server, String code) {
		Parameters result = get(server, "/CodeSystem/$validate-code?url=" + SYSTEM + "&code=" + code, Parameters.class);
		return Boolean.parseBoolean(result.getParameterValue("result").primitiveValue())
				&& result.getParameterValue("display") != null;
	}

	private static boolean expandsAllCodesTo(ServerProcess server, String code) {
		ValueSet expansion = get(server,
				"/ValueSet/$expand?url=" + SYSTEM + "-all", ValueSet.class);
		return expansion.getExpansion().getContains().stream().anyMatch(c -> c.getCode().equals(code));
	}

	private static List<ChargeItemDefinition> chargeItemsFor(ServerProcess server, String system, String code) {
		Bundle bundle = get(server, "/ChargeItemDefinition?code=" + system + "%7C" + code, Bundle.class);
		return bundle.getEntry().stream().map(e -> (ChargeItemDefinition) e.getResource()).toList();
	}

	private static <T extends IBaseResource> T read(ServerProcess server, String path, Class<T> type) {
		return get(server, "/" + path, type);
	}

	private static <T extends IBaseResource> T get(ServerProcess server, String path, Class<T> type) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.base() + path))
			.header("Accept", "application/fhir+json")
			.GET());
		assertThat(response.statusCode()).as(server.name() + " GET " + path + ": " + response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(type, response.body());
	}

	/** An authenticated update (or create), as an administrator makes it. */
	private static void write(ServerProcess server, IBaseResource resource) {
		String path = "/" + FHIR.getResourceType(resource) + "/" + resource.getIdElement().getIdPart();
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.base() + path))
			.header("Content-Type", "application/fhir+json")
			.header("Authorization", "Bearer " + TOKEN)
			.PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(resource))));
		assertThat(response.statusCode()).as(server.name() + " PUT " + path + ": " + response.body()).isIn(200, 201);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static long contentFiles() throws IOException {
		try (Stream<Path> files = Files.list(ShippedContent.FOLDER)) {
			return files.map(f -> f.getFileName().toString())
				.filter(name -> name.endsWith(".json") && !name.equals("package.json"))
				.count();
		}
	}

	private static long count(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	/** From the loader's closing line: "Content loaded from ...: 22 resources, 0 created or updated, in ...". */
	private static long createdOrUpdated(List<String> log) {
		Pattern pattern = Pattern.compile("Content loaded from .*: \\d+ resources, (\\d+) created or updated");
		List<Long> counts = log.stream()
			.map(pattern::matcher)
			.filter(Matcher::find)
			.map(m -> Long.parseLong(m.group(1)))
			.toList();
		assertThat(counts).as("the loader's summary line").hasSize(1);
		return counts.get(0);
	}

}
