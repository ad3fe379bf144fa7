package org.billingterminology.conformance;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.model.OperationOutcome;
import org.hl7.fhir.r5.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.utilities.FhirPublication;
import org.hl7.fhir.utilities.http.ManagedWebAccess;
import org.hl7.fhir.validation.ValidationEngine;

/**
 * Runs HL7's FHIR validator (the library behind validator_cli.jar) on resource files with a given
 * server as its terminology server, offline, and writes what it finds.
 *
 * <pre>
 * ValidatorRunner --tx URL --home DIR --output FILE resource.json...
 * </pre>
 *
 * The output has one line per issue: {@code file|severity|code|expression|message}. --home is the
 * validator's user.home: its package cache (~/.fhir/packages) is filled from
 * hapi-fhir-validation-resources-r4 on first use, so nothing is downloaded.
 *
 * The validator is not told to accept a non-conformant server (-authorise-non-conformant-tx-servers):
 * the server claims the tx-ecosystem test release it passes, as the validator requires.
 */
public final class ValidatorRunner {

	private ValidatorRunner() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		List<String> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].startsWith("--") && i + 1 < args.length) {
				options.put(args[i].substring(2), args[++i]);
			}
			else {
				files.add(args[i]);
			}
		}
		String tx = required(options, "tx");
		Path home = Path.of(required(options, "home")).toAbsolutePath();
		Path output = Path.of(required(options, "output")).toAbsolutePath();

		// everything the validator keeps on disk lives under this home, never the user's
		System.setProperty("user.home", home.toString());
		Path packages = home.resolve(".fhir").resolve("packages");
		Files.createDirectories(packages);
		CorePackage.install(packages);

		ManagedWebAccess.setSsrfProtectionEnabled(false);
		ValidationEngine engine = new ValidationEngine.ValidationEngineBuilder()
			.withVersion("4.0.1")
			.withTxServer(tx, null, FhirPublication.R4, false)
			.fromSource(CorePackage.CORE);

		List<String> lines = new ArrayList<>();
		for (String name : files) {
			File file = new File(name);
			OperationOutcome outcome = engine.validate(FhirFormat.JSON, Files.newInputStream(file.toPath()), List.of());
			for (OperationOutcomeIssueComponent issue : outcome.getIssue()) {
				String expression = issue.hasExpression() ? issue.getExpression().get(0).getValue() : "";
				String message = issue.getDetails().hasText() ? issue.getDetails().getText() : issue.getDiagnostics();
				lines.add(file.getName() + "|" + issue.getSeverity().toCode() + "|" + issue.getCode().toCode() + "|"
						+ expression + "|" + String.valueOf(message).replace('\n', ' '));
			}
		}
		Files.createDirectories(output.getParent());
		Files.write(output, lines, StandardCharsets.UTF_8);
		lines.forEach(System.out::println);
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Missing --" + name);
		}
		return value;
	}

}
