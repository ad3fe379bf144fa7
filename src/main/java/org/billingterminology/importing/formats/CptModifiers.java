package org.billingterminology.importing.formats;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/**
 * CPT modifiers from a modifiers.csv in the layout HL7's CPT importer reads
 * ({@code Code,General,PhysicalStatus,LevelOne,LevelTwo,HCPCS,Definition}); the flag columns name
 * the modifier's kind as THO's CPT page spells it.
 */
final class CptModifiers {

	private static final String[][] KINDS = { { "General", "general" }, { "PhysicalStatus", "physical-status" },
			{ "LevelOne", "cat-1" }, { "LevelTwo", "cat-2" }, { "HCPCS", "hcpcs" } };

	private final ImportedCodeSystem codeSystem;

	CptModifiers(ImportedCodeSystem codeSystem) {
		this.codeSystem = codeSystem;
	}

	void read(Optional<ReleaseFile> file) {
		if (file.isEmpty()) {
			return;
		}
		String text = new String(file.get().bytes(), StandardCharsets.UTF_8);
		CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreHeaderCase(true)
			.setTrim(true).build();
		try (var parser = format.parse(new StringReader(text))) {
			if (!parser.getHeaderMap().containsKey("Code") || !parser.getHeaderMap().containsKey("Definition")) {
				throw file.get().at(1, "the header needs Code and Definition columns (Code,General,PhysicalStatus,"
						+ "LevelOne,LevelTwo,HCPCS,Definition)");
			}
			for (CSVRecord record : parser) {
				String code = record.get("Code");
				if (!code.matches("[A-Z0-9]{2}")) {
					throw file.get().at((int) parser.getCurrentLineNumber(), "'" + code + "' is not a two-character modifier");
				}
				ConceptDefinitionComponent concept = codeSystem.concept(code, record.get("Definition"));
				codeSystem.flag(concept, "modifier", true, null);
				codeSystem.flag(concept, "modified", false, null);
				for (String[] kind : KINDS) {
					if (record.isMapped(kind[0]) && isSet(record.get(kind[0]))) {
						codeSystem.code(concept, "kind", kind[1], null);
					}
				}
			}
		}
		catch (IOException | IllegalArgumentException | IllegalStateException e) {
			throw file.get().at(1, "not a readable CSV file (" + e.getMessage() + ")");
		}
	}

	private static boolean isSet(String flag) {
		String value = flag.trim().toLowerCase(Locale.ROOT);
		return value.equals("true") || value.equals("1") || value.equals("y") || value.equals("yes") || value.equals("x");
	}

}
