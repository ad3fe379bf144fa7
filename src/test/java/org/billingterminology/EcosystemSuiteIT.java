package org.billingterminology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HL7's terminology ecosystem suite (../shared/tx-tests, run by HL7's TxTester in its own JVM as
 * conformance/run-tx-tests.sh does) against the test server: fewer passes than today's count is a
 * regression and fails the build. Raise {@link #FLOOR} when more pass. Runs once, on H2.
 */
class EcosystemSuiteIT extends ServerTestSupport {

	/** Tests that pass today (of 597, the general mode); see the README's conformance table. */
	private static final int FLOOR = 596;

	private static final Path CONFORMANCE = Path.of("conformance", "target");

	private static final Path TESTS = Path.of("..", "shared", "tx-tests");

	@Test
	void atLeastTodaysCountOfTheSuitePasses() throws IOException, InterruptedException {
		assertThat(CONFORMANCE.resolve("lib")).as("conformance tools built (mvn -f conformance/pom.xml package)")
			.isDirectory();
		assertThat(TESTS.resolve("test-cases.json")).as("the suite's tests beside the project").isRegularFile();
		Path output = Path.of("target", "tx-tests-it");
		Path log = Path.of("target", "tx-tests-it.log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", CONFORMANCE.resolve("classes") + java.io.File.pathSeparator + CONFORMANCE.resolve("lib") + "/*",
				"org.billingterminology.conformance.TxSuiteRunner", "--server", base(), "--tests", TESTS.toString(),
				"--output", output.toString(), "--min-passes", String.valueOf(FLOOR)));
		Process runner = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertThat(runner.waitFor(15, TimeUnit.MINUTES)).as("suite finished").isTrue();
		String total = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.startsWith("TOTAL"))
			.findFirst().orElse("no TOTAL line; see " + log);
		assertThat(runner.exitValue()).as("at least " + FLOOR + " tests pass: " + total + " (see " + log + ")").isZero();
	}

}
