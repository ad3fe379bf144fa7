package org.billingterminology.conformance;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.fhir.utilities.http.ManagedWebAccess;
import org.hl7.fhir.utilities.json.model.JsonObject;
import org.hl7.fhir.utilities.json.parser.JsonParser;
import org.hl7.fhir.validation.special.TxTester;

/**
 * Runs the HL7 terminology ecosystem suite (HL7's own runner, TxTester) against a running server
 * and prints how many tests pass in each suite and in total.
 *
 * <pre>
 * TxSuiteRunner --server URL --tests DIR --output DIR [--suite NAME] [--filter TEXT] [--min-passes N] [--modes general,flat]
 * </pre>
 *
 * The mode is {@code general} (every test a general-purpose server must pass; expansions nested as
 * their hierarchy), the one we report; {@code --modes general,flat} also accepts {@code flat}
 * (a server declaring its expansions flat: the hierarchical tests then take their flat answers). Exits 1 when
 * fewer than {@code --min-passes} tests pass, so a script can guard against regressions.
 */
public final class TxSuiteRunner {

	private static final String MODES = "general";

	private TxSuiteRunner() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String server = required(options, "server");
		String tests = new File(required(options, "tests")).getAbsolutePath();
		String output = new File(required(options, "output")).getAbsolutePath();
		int minPasses = Integer.parseInt(options.getOrDefault("min-passes", "0"));

		// the runner refuses private addresses unless told otherwise, and the server under test is on loopback
		ManagedWebAccess.setSsrfProtectionEnabled(false);
		TxTester tester = new TxTester(new TxTester.InternalTxLoader(tests), server, false, null, null);
		tester.setOutput(output);
		Set<String> modes = new TreeSet<>(List.of(options.getOrDefault("modes", MODES).split(",")));
		tester.execute(modes, options.get("filter"), options.get("suite"));

		File results = new File(output, "test-results.json");
		if (!results.exists()) {
			System.out.println("The runner wrote no results (see its log above): 0 tests passed");
			System.exit(1);
		}
		int passed = report(JsonParser.parseObject(results), modes);
		System.exit(passed >= minPasses ? 0 : 1);
	}

	/** Prints passes per suite and in total from the runner's test-results.json; returns the passes. */
	static int report(JsonObject results, Set<String> modes) {
		int passed = 0;
		int run = 0;
		StringBuilder failed = new StringBuilder();
		System.out.println();
		System.out.println("HL7 terminology ecosystem suite, modes " + modes);
		System.out.printf("%-26s %6s %6s%n", "suite", "passed", "run");
		for (JsonObject suite : results.forceArray("suites").asJsonObjects()) {
			int suitePassed = 0;
			int suiteRun = 0;
			for (JsonObject test : suite.forceArray("tests").asJsonObjects()) {
				String status = test.asString("status");
				if ("ignored".equals(status)) {
					continue;
				}
				suiteRun++;
				if ("pass".equals(status)) {
					suitePassed++;
				}
				else {
					failed.append("  ").append(suite.asString("name")).append('/').append(test.asString("name"))
						.append(": ").append(firstLine(test.asString("message"))).append('\n');
				}
			}
			if (suiteRun > 0) {
				System.out.printf("%-26s %6d %6d%n", suite.asString("name"), suitePassed, suiteRun);
			}
			passed += suitePassed;
			run += suiteRun;
		}
		System.out.printf("%-26s %6d %6d%n", "TOTAL", passed, run);
		if (failed.length() > 0 && Boolean.getBoolean("tx.showFailures")) {
			System.out.println("Failures:");
			System.out.print(failed);
		}
		return passed;
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "";
		}
		int end = message.indexOf('\n');
		return end < 0 ? message : message.substring(0, end);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("Expected --name value pairs, got '" + args[i] + "'");
			}
			options.put(args[i].substring(2), args[++i]);
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Missing --" + name);
		}
		return value;
	}

}
