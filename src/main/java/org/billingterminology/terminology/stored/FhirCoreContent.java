package org.billingterminology.terminology.stored;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import ca.uhn.fhir.context.FhirContext;
import org.billingterminology.ServerSettings;
import org.billingterminology.terminology.model.Snapshot;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * FHIR R4's own code systems and value sets (administrative-gender, publication-status, the v2
 * tables and v3 code systems, about 2,400 resources), from the copy of 4.0.1's that HAPI bundles
 * for its validator: answered by the same model as ours, read-only, never stored. Parsed once, on
 * a thread of its own while the server starts (about 2 s of one core; about 35 MiB of heap, README), so that the
 * first snapshot, built when the server gets ready, waits for it at most briefly.
 */
@Component
class FhirCoreContent {

	private static final Logger LOG = LoggerFactory.getLogger(FhirCoreContent.class);

	private static final String FOLDER = "/org/hl7/fhir/r4/model/valueset/";

	private static final List<String> BUNDLES = List.of("valuesets.xml", "v3-codesystems.xml", "v2-tables.xml");

	private final CompletableFuture<List<Resource>> resources;


	FhirCoreContent(FhirContext fhirContext, ServerSettings settings) {
		if (!settings.fhirCoreContent()) {
			resources = CompletableFuture.completedFuture(List.of());
			return;
		}
		resources = new CompletableFuture<>();
		Thread parser = new Thread(() -> {
			try {
				resources.complete(parse(fhirContext));
			}
			catch (RuntimeException e) {
				resources.completeExceptionally(e);
			}
		}, "fhir-core-content");
		parser.setDaemon(true);
		parser.start();
	}

	/** The code systems and value sets, once parsed. */
	List<Resource> resources() {
		return resources.join();
	}

	private static List<Resource> parse(FhirContext fhirContext) {
		long started = System.nanoTime();
		List<Resource> found = new ArrayList<>();
		for (String name : BUNDLES) {
			try (InputStream in = FhirCoreContent.class.getResourceAsStream(FOLDER + name)) {
				if (in == null) {
					throw new IllegalStateException("HAPI's R4 validation resources lack " + FOLDER + name);
				}
				Bundle bundle = fhirContext.newXmlParser().parseResource(Bundle.class, in);
				for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
					if (entry.getResource() instanceof CodeSystem || entry.getResource() instanceof ValueSet) {
						Snapshot.markCore(entry.getResource());
						found.add(entry.getResource());
					}
				}
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		LOG.info("FHIR R4 core content: {} code systems and value sets parsed in {} ms", found.size(),
				(System.nanoTime() - started) / 1_000_000);
		return List.copyOf(found);
	}

}
