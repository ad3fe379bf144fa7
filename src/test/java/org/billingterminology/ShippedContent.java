package org.billingterminology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Resource;

/** The resources in fhir-resources/, read straight from the files, for tests to compare answers against. */
final class ShippedContent {

	static final Path FOLDER = Path.of("fhir-resources");

	private ShippedContent() {
	}

	static <T extends Resource> List<T> all(Class<T> type) {
		try (Stream<Path> files = Files.list(FOLDER)) {
			return files.filter(f -> f.getFileName().toString().startsWith(type.getSimpleName() + "-"))
				.sorted()
				.map(f -> read(f, type))
				.toList();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The shipped ChargeItemDefinitions for one CPT code (payer-neutral and per payer). */
	static List<org.hl7.fhir.r4.model.ChargeItemDefinition> chargeItemsFor(String code) {
		return all(org.hl7.fhir.r4.model.ChargeItemDefinition.class).stream()
			.filter(c -> c.getCode().getCoding().stream().anyMatch(coding -> coding.getCode().equals(code)))
			.toList();
	}

	static <T extends Resource> T read(String fileName, Class<T> type) {
		return read(FOLDER.resolve(fileName), type);
	}

	private static <T extends Resource> T read(Path file, Class<T> type) {
		try {
			return FhirContext.forR4Cached().newJsonParser().parseResource(type, Files.readString(file));
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

}
