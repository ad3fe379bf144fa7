package org.billingterminology.importing.formats;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.PropertyType;

/**
 * HAPI's custom terminology CSV, for any other system: concepts.csv (CODE,DISPLAY), and optionally
 * hierarchy.csv (PARENT,CHILD) and properties.csv (CODE,KEY,VALUE[,TYPE]).
 */
final class CustomCsvRelease {

	private static final String PARENT_URI = "http://hl7.org/fhir/concept-properties#parent";

	private CustomCsvRelease() {
	}

	static CodeSystem read(String url, String version, List<ReleaseFile> files, ImportProgress progress) {
		ReleaseFile conceptsFile = ReleaseFile.find(files, "concepts.csv").orElseThrow(() -> new ImportFailure(
				"No concepts.csv among the uploaded files " + files.stream().map(ReleaseFile::baseName).toList()
						+ ": a code system other than CPT or HCPCS is read from HAPI's custom CSV (concepts.csv CODE,DISPLAY;"
						+ " hierarchy.csv PARENT,CHILD; properties.csv CODE,KEY,VALUE)"));
		ImportedCodeSystem codeSystem = new ImportedCodeSystem(idFor(url, version), url, version,
				"Imported", "Imported code system " + url + (version == null ? "" : " " + version));
		Map<String, ConceptDefinitionComponent> concepts = new LinkedHashMap<>();
		each(conceptsFile, List.of("CODE", "DISPLAY"), (record, line) -> {
			String code = record.get("CODE");
			if (code.isEmpty()) {
				throw conceptsFile.at(line, "the CODE column is empty");
			}
			if (concepts.containsKey(code)) {
				throw conceptsFile.at(line, "the code " + code + " is listed twice");
			}
			concepts.put(code, codeSystem.concept(code, record.get("DISPLAY")));
			progress.read();
		});
		ReleaseFile.find(files, "hierarchy.csv").ifPresent(file -> {
			codeSystem.declare("parent", PARENT_URI, PropertyType.CODE, "The concept's parent in hierarchy.csv");
			each(file, List.of("PARENT", "CHILD"), (record, line) -> {
				ConceptDefinitionComponent child = known(concepts, file, line, record.get("CHILD"));
				known(concepts, file, line, record.get("PARENT"));
				child.addProperty().setCode("parent").setValue(new org.hl7.fhir.r4.model.CodeType(record.get("PARENT")));
			});
		});
		ReleaseFile.find(files, "properties.csv").ifPresent(file -> each(file, List.of("CODE", "KEY", "VALUE"),
				(record, line) -> {
					ConceptDefinitionComponent concept = known(concepts, file, line, record.get("CODE"));
					String type = record.isMapped("TYPE") ? record.get("TYPE").toUpperCase(Locale.ROOT) : "STRING";
					if (type.equals("CODING") || type.equals("CODE")) {
						codeSystem.code(concept, record.get("KEY"), record.get("VALUE"), "From properties.csv");
					}
					else {
						codeSystem.string(concept, record.get("KEY"), record.get("VALUE"), "From properties.csv");
					}
				}));
		return codeSystem.resource();
	}

	/** Readable, stable for one system and version, and never an id the content folder uses. */
	static String idFor(String url, String version) {
		String last = url.replaceAll("[/#]+$", "");
		last = last.substring(Math.max(last.lastIndexOf('/'), last.lastIndexOf(':')) + 1);
		String slug = last.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
		CRC32 crc = new CRC32();
		crc.update(url.getBytes(StandardCharsets.UTF_8));
		String id = "import-" + (slug.isEmpty() ? "cs" : slug) + "-" + Long.toHexString(crc.getValue())
				+ (version == null || version.isBlank() ? "" : "-" + version.replaceAll("[^A-Za-z0-9.-]+", "-"));
		return id.length() <= 64 ? id : id.substring(0, 64);
	}

	private static ConceptDefinitionComponent known(Map<String, ConceptDefinitionComponent> concepts, ReleaseFile file,
			int line, String code) {
		ConceptDefinitionComponent concept = concepts.get(code);
		if (concept == null) {
			throw file.at(line, "the code '" + code + "' is not in concepts.csv");
		}
		return concept;
	}

	private static void each(ReleaseFile file, List<String> columns, BiConsumer<CSVRecord, Integer> handler) {
		CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreHeaderCase(true)
			.setTrim(true).build();
		String text = new String(file.bytes(), StandardCharsets.UTF_8).replace("\uFEFF", "");
		try (CSVParser parser = format.parse(new StringReader(text))) {
			for (String column : columns) {
				if (!parser.getHeaderMap().containsKey(column)) {
					throw file.at(1, "the header " + parser.getHeaderNames() + " has no " + column + " column (expected "
							+ String.join(",", columns) + ")");
				}
			}
			for (CSVRecord record : parser) {
				if (!record.isConsistent()) {
					throw file.at((int) parser.getCurrentLineNumber(), "the row has " + record.size()
							+ " columns, the header " + parser.getHeaderNames().size());
				}
				handler.accept(record, (int) parser.getCurrentLineNumber());
			}
		}
		catch (IOException | IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
			throw file.at(1, "not a readable CSV file (" + e.getMessage() + ")");
		}
	}

}
