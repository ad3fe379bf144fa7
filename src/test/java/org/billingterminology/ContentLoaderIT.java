package org.billingterminology;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up as an operator sees it: separate server starts on one H2 file database and a copy of
 * the content folder.
 */
class ContentLoaderIT {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@TempDir
	Path work;

	private Path copyOfContent() throws IOException {
		Path content = work.resolve("content");
		Files.createDirectories(content);
		try (Stream<Path> files = Files.list(ShippedContent.FOLDER)) {
			for (Path file : files.toList()) {
				Files.copy(file, content.resolve(file.getFileName()));
			}
		}
		return content;
	}

	private ConfigurableApplicationContext start(Path content, int port, String... more) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
				"--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/terminology"),
				"--terminology.content-dir=" + content));
		arguments.addAll(List.of(more));
		return new SpringApplicationBuilder(BillingTerminologyServer.class).run(arguments.toArray(String[]::new));
	}

	private static String base(ConfigurableApplicationContext context) {
		return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Type/id -> versionId of every stored resource of the served types. */
	private static Map<String, String> versions(ConfigurableApplicationContext context) throws Exception {
		Map<String, String> versions = new TreeMap<>();
		for (String type : List.of("SearchParameter", "CodeSystem", "NamingSystem", "ValueSet", "ConceptMap",
				"Organization", "ChargeItemDefinition", "OperationDefinition")) {
			Bundle bundle = FHIR.newJsonParser()
				.parseResource(Bundle.class, get(base(context) + "/fhir/" + type + "?_count=200&_elements=id").body());
			bundle.getEntry()
				.forEach(e -> versions.put(type + "/" + e.getResource().getIdElement().getIdPart(),
						e.getResource().getMeta().getVersionId()));
		}
		return versions;
	}

	@Test
	void restartsKeepVersionsOfUnchangedFilesAndUpdateOnlyAChangedOne() throws Exception {
		Path content = copyOfContent();
		Map<String, String> first;
		try (ConfigurableApplicationContext context = start(content, 0)) {
			first = versions(context);
		}
		long files;
		try (Stream<Path> list = Files.list(content)) {
			files = list.filter(f -> !f.getFileName().toString().equals("package.json")).count();
		}
		assertThat(first).hasSize((int) files).allSatisfy((id, version) -> assertThat(version).isEqualTo("1"));

		try (ConfigurableApplicationContext context = start(content, 0)) {
			assertThat(versions(context)).isEqualTo(first);
		}

		Path cpt = content.resolve("CodeSystem-cpt.json");
		CodeSystem changed = FHIR.newJsonParser().parseResource(CodeSystem.class, Files.readString(cpt));
		changed.getConcept().stream().filter(c -> c.getCode().equals("77002")).forEach(c -> c.setDisplay("Edited on disk"));
		Files.writeString(cpt, FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(changed));
		try (ConfigurableApplicationContext context = start(content, 0)) {
			Map<String, String> third = versions(context);
			assertThat(third.get("CodeSystem/cpt")).isEqualTo("2");
			third.remove("CodeSystem/cpt");
			first.remove("CodeSystem/cpt");
			assertThat(third).isEqualTo(first);
			assertThat(get(base(context) + "/fhir/CodeSystem/$lookup?system=http://www.ama-assn.org/go/cpt&code=77002")
				.body()).contains("Edited on disk");
		}
	}

	@Test
	void releaseFilesInTheImportFolderAreImportedAtStartAndNotAgainWhenUnchanged() throws Exception {
		Path content = copyOfContent();
		Path releases = work.resolve("releases");
		Files.createDirectories(releases);
		Files.copy(Path.of("src/test/resources/import/HCPC2026_JAN_ANWEB.txt"), releases.resolve("HCPC2026_JAN_ANWEB.txt"));
		String lookup = "/fhir/CodeSystem/$lookup?system=http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets&code=A9902";
		try (ConfigurableApplicationContext context = start(content, 0, "--terminology.import-dir=" + releases)) {
			assertThat(get(base(context) + lookup).body()).contains("Made-up discontinued supply").contains("2026-01");
		}
		try (ConfigurableApplicationContext context = start(content, 0, "--terminology.import-dir=" + releases)) {
			assertThat(versions(context)).containsEntry("CodeSystem/hcpcs-2026-01", "1");
		}
		Files.writeString(releases.resolve("HCPC2026_APR_ANWEB.txt"), "A9903001005" + " ".repeat(309) + "\r\n");
		assertThatThrownBy(() -> start(content, 0, "--terminology.import-dir=" + releases))
			.hasStackTraceContaining("HCPC2026_APR_ANWEB.txt line 1");
	}

	@Test
	void aBrokenFileStopsStartUpWithAMessageNamingIt() throws Exception {
		Path content = copyOfContent();
		Files.writeString(content.resolve("ValueSet-broken.json"), "{\"resourceType\": \"ValueSet\", \"id\": ");
		assertThatThrownBy(() -> start(content, 0)).hasStackTraceContaining("ValueSet-broken.json");
	}

	@Test
	void aBillingRuleReadingAnElementAClaimLineDoesNotHaveStopsStartUpNamingTheFileAndRule() throws Exception {
		Path content = copyOfContent();
		Path rules = content.resolve("ChargeItemDefinition-cpt-77003.json");
		// servicedDate parses as FHIRPath and would never match: the choice element is read as serviced
		Files.writeString(rules, Files.readString(rules).replaceFirst(java.util.regex.Pattern.quote("%sameDateLines.where("),
				"%sameDateLines.where(servicedDate.exists() and "));
		assertThatThrownBy(() -> start(content, 0)).hasStackTraceContaining("ChargeItemDefinition-cpt-77003.json")
			.hasStackTraceContaining("rule 'primary-on-same-date'")
			.hasStackTraceContaining("reads 'servicedDate'");
	}

	@Test
	void readinessIsNotUpUntilLoadingHasEnded() throws Exception {
		Path content = copyOfContent();
		// a large code system makes loading long enough to be watched
		CodeSystem large = new CodeSystem();
		large.setId("large");
		large.setUrl("http://example.org/large").setVersion("1").setName("Large").setStatus(PublicationStatus.DRAFT);
		large.setContent(CodeSystem.CodeSystemContentMode.FRAGMENT);
		for (int i = 0; i < 40_000; i++) {
			large.addConcept().setCode("C" + i).setDisplay("Generated concept number " + i);
		}
		Files.writeString(content.resolve("CodeSystem-large.json"), FHIR.newJsonParser().encodeResourceToString(large));
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(() -> start(content, port));
		List<Integer> seen = new ArrayList<>();
		String readiness = "http://localhost:" + port + "/actuator/health/readiness";
		while (!starting.isDone()) {
			try {
				seen.add(get(readiness).statusCode());
			}
			catch (IOException notListeningYet) {
				// Tomcat opens the port part-way through start-up
			}
			Thread.sleep(20);
		}
		try (ConfigurableApplicationContext context = starting.get()) {
			// SpringApplication.run returns just after readiness flips, so the last answers may be 200;
			// none may come before a 503: readiness never goes UP and back while loading
			assertThat(seen).as("readiness answers while loading").isNotEmpty().startsWith(503);
			int firstUp = seen.indexOf(200);
			if (firstUp >= 0) {
				assertThat(seen.subList(firstUp, seen.size())).as("after the first UP").containsOnly(200);
			}
			assertThat(get(readiness).statusCode()).isEqualTo(200);
			assertThat(get(base(context) + "/fhir/CodeSystem/$lookup?system=http://example.org/large&code=C39999").body())
				.contains("Generated concept number 39999");
		}
	}

}
