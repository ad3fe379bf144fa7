package org.billingterminology.importing.formats;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/**
 * The AMA's consumer and clinician descriptor files: tab-separated, concept id then code then text
 * (the clinician file has a descriptor id before the text, and several descriptors per code).
 * Lines whose code column is not a CPT code (a header, the copyright notice) are skipped.
 */
final class CptDescriptorFiles {

	private final ImportedCodeSystem codeSystem;

	private final Map<String, ConceptDefinitionComponent> concepts;

	private final ImportProgress progress;

	CptDescriptorFiles(ImportedCodeSystem codeSystem, Map<String, ConceptDefinitionComponent> concepts,
			ImportProgress progress) {
		this.codeSystem = codeSystem;
		this.concepts = concepts;
		this.progress = progress;
	}

	void read(List<ReleaseFile> files) {
		ReleaseFile.find(files, "ConsumerDescriptor.txt").ifPresent(file -> read(file, 3, "consumer"));
		ReleaseFile.find(files, "ClinicianDescriptor.txt").ifPresent(file -> read(file, 4, "clinician"));
	}

	private void read(ReleaseFile file, int columns, String use) {
		List<String> lines = file.lines(StandardCharsets.UTF_8);
		for (int i = 0; i < lines.size(); i++) {
			String[] fields = lines.get(i).split("\t", columns);
			if (fields.length < columns || !fields[1].trim().matches("\\d{4}[0-9A-Z]")) {
				continue;
			}
			ConceptDefinitionComponent concept = concepts.get(fields[1].trim());
			if (concept == null) {
				throw file.at(i + 1, "the code " + fields[1].trim() + " is not in LONGULT.txt");
			}
			codeSystem.designation(concept, use, fields[columns - 1]);
			progress.read();
		}
	}

}
