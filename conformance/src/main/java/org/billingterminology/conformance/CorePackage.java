package org.billingterminology.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hl7.fhir.r4.formats.IParser.OutputStyle;
import org.hl7.fhir.r4.formats.JsonParser;
import org.hl7.fhir.r4.formats.XmlParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Writes the FHIR R4 core package (hl7.fhir.r4.core#4.0.1) into a package cache folder from the
 * definitions HAPI ships in hapi-fhir-validation-resources-r4, so the validator runs without
 * downloading anything (the npm registry's hl7.fhir.r4.core is an empty placeholder). Also writes
 * an empty hl7.fhir.xver-extensions package: the validator loads that package at start, and the
 * cross-version extensions it would hold play no part in validating R4 resources.
 */
final class CorePackage {

	static final String CORE = "hl7.fhir.r4.core#4.0.1";

	static final String XVER = "hl7.fhir.xver-extensions#0.1.0";

	private static final List<String> BUNDLES = List.of("profile/profiles-types.xml", "profile/profiles-resources.xml",
			"profile/profiles-others.xml", "extension/extension-definitions.xml", "valueset/valuesets.xml",
			"valueset/v3-codesystems.xml", "valueset/v2-tables.xml");

	private CorePackage() {
	}

	/** Makes sure both packages are in the cache folder (~/.fhir/packages of the validator's user.home). */
	static void install(Path cacheFolder) throws IOException {
		Path core = cacheFolder.resolve(CORE).resolve("package");
		if (!Files.exists(core.resolve("package.json"))) {
			writeCore(core);
		}
		Path xver = cacheFolder.resolve(XVER).resolve("package");
		if (!Files.exists(xver.resolve("package.json"))) {
			Files.createDirectories(xver);
			Files.writeString(xver.resolve("package.json"), """
					{"name": "hl7.fhir.xver-extensions", "version": "0.1.0", "fhirVersions": ["4.0.1"], "type": "IG",
					 "description": "Empty stand-in written by the billing terminology server's test tools", "dependencies": {}}
					""", StandardCharsets.UTF_8);
		}
	}

	private static void writeCore(Path folder) throws IOException {
		Path partial = folder.resolveSibling("package.partial");
		Files.createDirectories(partial);
		JsonParser json = new JsonParser();
		json.setOutputStyle(OutputStyle.NORMAL);
		for (String name : BUNDLES) {
			try (InputStream in = CorePackage.class.getResourceAsStream("/org/hl7/fhir/r4/model/" + name)) {
				if (in == null) {
					throw new IOException("hapi-fhir-validation-resources-r4 has no " + name);
				}
				Bundle bundle = (Bundle) new XmlParser().parse(in);
				for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
					Resource resource = entry.getResource();
					if (resource == null || !resource.hasIdElement()) {
						continue;
					}
					String file = resource.fhirType() + "-" + resource.getIdElement().getIdPart() + ".json";
					Files.write(partial.resolve(file), json.composeBytes(resource));
				}
			}
		}
		Files.writeString(partial.resolve("package.json"), """
				{"name": "hl7.fhir.r4.core", "version": "4.0.1", "fhirVersions": ["4.0.1"], "type": "Core",
				 "canonical": "http://hl7.org/fhir", "url": "http://hl7.org/fhir/R4",
				 "description": "FHIR R4 definitions, from ca.uhn.hapi.fhir:hapi-fhir-validation-resources-r4", "dependencies": {}}
				""", StandardCharsets.UTF_8);
		// only a complete folder takes the package's name, so an interrupted build is redone
		Files.move(partial, folder);
	}

}
