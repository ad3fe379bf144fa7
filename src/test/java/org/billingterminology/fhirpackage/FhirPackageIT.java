package org.billingterminology.fhirpackage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tarball that mvn package leaves in target/ is a FHIR package HAPI reads as one: HAPI's
 * NpmPackage (the reader behind its package installer and the IG tools) finds the name, version,
 * FHIR version, the .index.json and every resource of fhir-resources/; HL7's validator loads it
 * as its -ig option does (one JVM, offline: conformance/target, built by the pre-integration-test
 * phase). No server, no database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirPackageIT {

	private static final Path CONTENT = Path.of("fhir-resources");

	private static final Path TARBALL = Path.of("target", "billingterminology.cpt77003-0.1.0.tgz");

	private static final Path CONFORMANCE = Path.of("conformance", "target");

	private NpmPackage npm;

	private List<Path> resources;

	@BeforeAll
	void readTheBuiltPackage() throws IOException {
		assertThat(TARBALL).as("built by mvn package").isRegularFile();
		try (InputStream in = Files.newInputStream(TARBALL)) {
			npm = NpmPackage.fromPackage(in);
		}
		try (Stream<Path> files = Files.list(CONTENT)) {
			resources = files.filter(f -> f.toString().endsWith(".json") && !f.endsWith("package.json")).toList();
		}
	}

	@Test
	void nameVersionAndFhirVersionComeFromPackageJson() {
		assertThat(npm.name()).isEqualTo("billingterminology.cpt77003").matches(FhirPackageBuilder.VALID_NAME);
		assertThat(npm.version()).isEqualTo("0.1.0");
		assertThat(npm.fhirVersion()).isEqualTo("4.0.1");
		assertThat(npm.dependencies()).containsExactly("hl7.fhir.r4.core#4.0.1");
	}

	@Test
	void theIndexListsEveryResourceWithItsTypeIdAndUrl() throws IOException {
		// the package's own .index.json, not one HAPI would generate if it were missing
		NpmPackage.NpmPackageFolder folder = npm.getFolders().get("package");
		assertThat(folder.hasFile(".index.json")).as("package/.index.json in the tarball").isTrue();
		JsonNode index = new ObjectMapper().readTree(folder.fetchFile(".index.json"));
		assertThat(index.path("index-version").asInt()).isEqualTo(2);
		assertThat(index.path("files")).hasSize(resources.size());
		for (Path resource : resources) {
			JsonNode json = new ObjectMapper().readTree(resource.toFile());
			String type = json.get("resourceType").asText();
			assertThat(npm.listResources(type)).as(type).contains(resource.getFileName().toString());
			if (json.has("url")) {
				assertThat(npm.hasCanonical(json.get("url").asText())).as(json.get("url").asText()).isTrue();
			}
		}
	}

	@Test
	void everyResourceIsInThePackageUnchanged() throws IOException {
		assertThat(resources).hasSizeGreaterThan(25);
		for (Path resource : resources) {
			try (InputStream in = npm.loadResource(resource.getFileName().toString())) {
				assertThat(in).as(resource.toString()).hasBinaryContent(Files.readAllBytes(resource));
			}
		}
	}

	@Test
	void hl7sValidatorLoadsThePackageAsAnIg() throws IOException, InterruptedException {
		assertThat(CONFORMANCE.resolve("lib")).as("conformance tools built (mvn -f conformance/pom.xml package)")
			.isDirectory();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", CONFORMANCE.resolve("classes") + java.io.File.pathSeparator + CONFORMANCE.resolve("lib") + "/*",
				"org.billingterminology.conformance.PackageLoadRunner", Path.of("target", "package-validator-home").toString(),
				TARBALL.toString()));
		List<String> urls = new ArrayList<>();
		for (Path resource : resources) {
			JsonNode json = new ObjectMapper().readTree(resource.toFile());
			// the validator keeps only conformance and terminology resources, not Organization or ChargeItemDefinition
			if (json.has("url") && List.of("CodeSystem", "ValueSet", "ConceptMap", "SearchParameter", "OperationDefinition")
				.contains(json.get("resourceType").asText())) {
				urls.add(json.get("url").asText());
			}
		}
		assertThat(urls).hasSizeGreaterThan(10);
		command.addAll(urls);
		Path log = Path.of("target", "validator", "package.log");
		Files.createDirectories(log.getParent());
		Process validator = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertThat(validator.waitFor(5, TimeUnit.MINUTES)).as("validator finished").isTrue();
		assertThat(validator.exitValue()).as("validator exit code; see " + log).isZero();
		assertThat(Files.readAllLines(log)).filteredOn(line -> line.startsWith("LOADED ")).hasSize(urls.size());
	}
}
