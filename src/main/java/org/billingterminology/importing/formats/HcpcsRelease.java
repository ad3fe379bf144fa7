package org.billingterminology.importing.formats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/**
 * CMS's HCPCS Level II release in its fixed-width layout ({@code HCPC<YYYY>_<MON>_ANWEB.txt}, 320
 * characters a record; see shared/notes/import-formats.md). A code's long description runs on in
 * continuation records, joined in sequence order; the other fields sit on its first record.
 */
final class HcpcsRelease {

	static final String URL = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

	private static final Pattern RELEASE_NAME = Pattern.compile("HCPC(\\d{4})_(JAN|APR|JUL|OCT|CONTR)_ANWEB",
			Pattern.CASE_INSENSITIVE);

	private static final Map<String, String> MONTHS = Map.of("JAN", "01", "APR", "04", "JUL", "07", "OCT", "10",
			"CONTR", "01");

	private static final int RECORD_LENGTH = 320;

	/** One code as its records give it. */
	private static final class Entry {

		final String code;

		final boolean modifier;

		final TreeMap<Integer, String> longText = new TreeMap<>();

		final HcpcsRecord first;

		Entry(String code, boolean modifier, HcpcsRecord first) {
			this.code = code;
			this.modifier = modifier;
			this.first = first;
		}

	}

	private HcpcsRelease() {
	}

	/** The release file among the uploaded ones: the fixed-width text file. */
	static ReleaseFile pick(List<ReleaseFile> files) {
		List<ReleaseFile> texts = files.stream().filter(file -> file.endsWith(".txt")).toList();
		return texts.stream()
			.filter(file -> file.baseName().toUpperCase(java.util.Locale.ROOT).contains("ANWEB"))
			.findFirst()
			.or(() -> texts.size() == 1 ? java.util.Optional.of(texts.get(0)) : java.util.Optional.empty())
			.orElseThrow(() -> new ImportFailure("No HCPCS release file among the uploaded files "
					+ files.stream().map(ReleaseFile::baseName).toList()
					+ ": send the fixed-width HCPC<YYYY>_<MON>_ANWEB.txt, alone or in the CMS zip (the .xlsx is not read)"));
	}

	/** The release month (2026-01) from the file name, when the request names none. */
	static String version(ReleaseFile file, String asked) {
		if (asked != null && !asked.isBlank()) {
			return asked.trim();
		}
		Matcher matcher = RELEASE_NAME.matcher(file.baseName());
		if (!matcher.find()) {
			throw new ImportFailure("Cannot tell the release month from the file name " + file.baseName()
					+ " (expected HCPC<YYYY>_<MON>_ANWEB.txt): send a version parameter such as 2026-01");
		}
		return matcher.group(1) + "-" + MONTHS.get(matcher.group(2).toUpperCase(java.util.Locale.ROOT));
	}

	static CodeSystem read(ReleaseFile file, String version, ImportProgress progress) {
		if (!version.matches("\\d{4}-\\d{2}")) {
			throw new ImportFailure("The HCPCS version '" + version + "' is not a release month such as 2026-01");
		}
		Map<String, Entry> entries = new LinkedHashMap<>();
		List<String> lines = file.lines(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.isBlank()) {
				continue;
			}
			HcpcsRecord record = HcpcsRecord.of(file, i + 1, pad(file, i + 1, line));
			Entry entry = entries.get(record.code());
			if (record.isFirst()) {
				if (entry != null) {
					throw file.at(i + 1, "the code " + record.code() + " has a second first record (record identification "
							+ record.kind() + ")");
				}
				entry = new Entry(record.code(), record.isModifier(), record);
				entries.put(record.code(), entry);
			}
			else if (entry == null) {
				throw file.at(i + 1, "a continuation record for " + record.code() + " comes before its first record");
			}
			entry.longText.put(record.sequence(), record.longDescription());
			progress.read();
		}
		if (entries.isEmpty()) {
			throw new ImportFailure(file.baseName() + " holds no HCPCS records");
		}
		String releaseStart = version + "-01";
		ImportedCodeSystem codeSystem = new ImportedCodeSystem("hcpcs-" + version, URL, version,
				"HCPCSLevelII_" + version.replace('-', '_'), "HCPCS Level II, release " + version + " (CMS)");
		codeSystem.resource().setPublisher("Centers for Medicare & Medicaid Services (imported release file)");
		codeSystem.resource().setCopyright("HCPCS Level II is maintained by CMS; the release file is public. Imported from "
				+ file.baseName() + ".");
		HcpcsProperties properties = new HcpcsProperties(codeSystem);
		for (Entry entry : entries.values()) {
			String display = String.join(" ", new ArrayList<>(entry.longText.values())).replaceAll("\\s+", " ").trim();
			ConceptDefinitionComponent concept = codeSystem.concept(entry.code, display);
			properties.add(concept, entry.first, entry.modifier, releaseStart);
		}
		return codeSystem.resource();
	}

	private static String pad(ReleaseFile file, int line, String text) {
		if (text.length() < 11) {
			throw file.at(line, "a record of " + text.length() + " characters is too short for the HCPCS layout ("
					+ RECORD_LENGTH + " characters)");
		}
		if (text.length() > RECORD_LENGTH) {
			throw file.at(line, "a record of " + text.length() + " characters is longer than the HCPCS layout ("
					+ RECORD_LENGTH + ")");
		}
		return text.length() == RECORD_LENGTH ? text : text + " ".repeat(RECORD_LENGTH - text.length());
	}

}
