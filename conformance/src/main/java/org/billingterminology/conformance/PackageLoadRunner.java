package org.billingterminology.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.validation.ValidationEngine;

/**
 * Loads a FHIR package tarball into HL7's validator the way its command line's -ig does
 * (IgLoader.loadIg), offline (FHIR's core from the classpath, no terminology server), then checks
 * that the given canonical urls resolve in the validator's context. Exits non-zero otherwise.
 * Arguments: home folder, tarball, canonical urls.
 */
public final class PackageLoadRunner {

	private PackageLoadRunner() {
	}

	public static void main(String[] args) throws Exception {
		Path home = Path.of(args[0]).toAbsolutePath();
		String tarball = Path.of(args[1]).toAbsolutePath().toString();
		System.setProperty("user.home", home.toString());
		Path packages = home.resolve(".fhir").resolve("packages");
		Files.createDirectories(packages);
		CorePackage.install(packages);

		ValidationEngine engine = new ValidationEngine.ValidationEngineBuilder()
			.withVersion("4.0.1")
			.withNoTerminologyServer()
			.withCanRunWithoutTerminologyServer(true)
			.fromSource(CorePackage.CORE);
		engine.getIgLoader().loadIg(engine.getIgs(), engine.getBinaries(), tarball, false);

		int missing = 0;
		for (String url : List.of(args).subList(2, args.length)) {
			Resource resource = engine.getContext().fetchResource(Resource.class, url);
			System.out.println((resource == null ? "MISSING " : "LOADED ") + url);
			missing += resource == null ? 1 : 0;
		}
		System.exit(missing == 0 ? 0 : 1);
	}
}
