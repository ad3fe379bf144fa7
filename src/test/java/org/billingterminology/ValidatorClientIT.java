package org.billingterminology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HL7's FHIR validator (org.hl7.fhir.validation 6.10.4, the library behind validator_cli.jar) uses
 * this server as its terminology server to validate two Claims, offline. It runs in its own JVM
 * with the classpath that conformance/pom.xml copies to conformance/target/lib (built in
 * pre-integration-test): its FHIR core cannot share a classpath with HAPI 8.8's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidatorClientIT extends ServerTestSupport {

	private static final Path CONFORMANCE = Path.of("conformance", "target");

	private static final Path CLAIMS = Path.of("src", "test", "resources", "validator");

	private List<Issue> issues;

	record Issue(String file, String severity, String code, String expression, String message) {

		static Issue parse(String line) {
			String[] parts = line.split("\\|", 5);
			return new Issue(parts[0], parts[1], parts[2], parts[3], parts[4]);
		}

	}

	@BeforeAll
	void validateBothClaimsWithThisServerAsTerminologyServer() throws IOException, InterruptedException {
		assertThat(CONFORMANCE.resolve("lib")).as("conformance tools built (mvn -f conformance/pom.xml package)")
			.isDirectory();
		Path output = Path.of("target", "validator", "issues.txt");
		Files.createDirectories(output.getParent());
		Files.deleteIfExists(output);
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", CONFORMANCE.resolve("classes") + java.io.File.pathSeparator + CONFORMANCE.resolve("lib") + "/*",
				"org.billingterminology.conformance.ValidatorRunner", "--tx", base(), "--home",
				Path.of("target", "validator-home").toString(), "--output", output.toString(),
				CLAIMS.resolve("Claim-77003-26-and-tc.json").toString(),
				CLAIMS.resolve("Claim-invalid-cpt-code.json").toString()));
		Process validator = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Path.of("target", "validator", "validator.log").toFile())
			.start();
		assertThat(validator.waitFor(10, TimeUnit.MINUTES)).as("validator finished").isTrue();
		assertThat(validator.exitValue()).as("validator exit code; see target/validator/validator.log").isZero();
		issues = Files.readAllLines(output, StandardCharsets.UTF_8).stream().map(Issue::parse).toList();
	}

	private List<Issue> issuesOf(String file) {
		return issues.stream().filter(issue -> issue.file().equals(file)).toList();
	}

	@Test
	void claimWithCpt77003Modifier26AndHcpcsTcHasNoTerminologyError() {
		List<Issue> found = issuesOf("Claim-77003-26-and-tc.json");
		assertThat(found).filteredOn(issue -> issue.severity().equals("error") || issue.severity().equals("fatal"))
			.isEmpty();
		// nothing at all is said about the billing codes: the server knew them all
		assertThat(found).filteredOn(issue -> issue.expression().contains("productOrService")
				|| issue.expression().contains("modifier"))
			.isEmpty();
	}

	@Test
	void claimWithAnInvalidCptCodeHasAnErrorOnThatCode() {
		assertThat(issuesOf("Claim-invalid-cpt-code.json"))
			.filteredOn(issue -> issue.severity().equals("error"))
			.singleElement()
			.satisfies(issue -> {
				assertThat(issue.expression()).isEqualTo("Claim.item[0].productOrService.coding[0].code");
				// the server's own finding, so the validator did ask this server
				assertThat(issue.message()).contains("7700X", "not a CPT code");
			});
	}

}
