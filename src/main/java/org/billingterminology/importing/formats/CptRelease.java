package org.billingterminology.importing.formats;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.PropertyType;

/**
 * A licensee's AMA CPT data files (layouts in shared/notes/import-formats.md): LONGULT.txt gives
 * each code and its display (THO: the long mixed-case descriptor); LONGUT, MEDU and SHORTU, the
 * consumer and clinician descriptors give designations; a modifiers.csv as HL7's importer makes it
 * gives the modifiers. Lines that do not start with a CPT-shaped code (the copyright notice at
 * the top of a real file) are skipped.
 */
final class CptRelease {

	static final String URL = "http://www.ama-assn.org/go/cpt";

	/** Four digits, then a digit (Category I) or a letter: F, T, U, A, M. */
	private static final Pattern CODE_LINE = Pattern.compile("^(\\d{4}[0-9A-Z])[\\t ](.*)$");

	private static final Pattern YEAR = Pattern.compile("(?<!\\d)(20\\d{2})(?!\\d)");

	private static final String CPT_PROPERTY = "http://fhir.billing-terminology.org/CodeSystem/cpt-property#";

	private static final Map<Character, String> CATEGORIES = Map.of('F', "category-2", 'T', "category-3", 'U', "pla",
			'A', "category-1-vaccine", 'M', "maaa");

	private CptRelease() {
	}

	/** The CPT year: asked for, or the one year the file names (or the zip's) carry. */
	static String version(List<ReleaseFile> files, String asked) {
		if (asked != null && !asked.isBlank()) {
			return asked.trim();
		}
		List<String> years = files.stream()
			.map(file -> YEAR.matcher(file.name()))
			.filter(Matcher::find)
			.map(matcher -> matcher.group(1))
			.distinct()
			.toList();
		if (years.size() != 1) {
			throw new ImportFailure("Cannot tell the CPT year from the file names " + files.stream().map(ReleaseFile::name).toList()
					+ ": send a version parameter such as 2026");
		}
		return years.get(0);
	}

	static CodeSystem read(List<ReleaseFile> files, String asked, ImportProgress progress) {
		ReleaseFile longDescriptors = ReleaseFile.find(files, "LONGULT.txt").orElseThrow(() -> new ImportFailure(
				"No LONGULT.txt among the uploaded files " + files.stream().map(ReleaseFile::baseName).toList()
						+ ": it gives each CPT code its display"));
		String version = version(files, asked);
		if (!version.matches("\\d{4}")) {
			throw new ImportFailure("The CPT version '" + version + "' is not a year such as 2026 (THO's rule for CPT)");
		}
		ImportedCodeSystem codeSystem = new ImportedCodeSystem("cpt-" + version, URL, version, "CPT_" + version,
				"CPT " + version + " (AMA, imported from a licensee's data files)");
		codeSystem.resource().setPublisher("American Medical Association (imported by the licensee running this server)");
		codeSystem.resource().setCopyright("CPT © " + version + " American Medical Association. All rights reserved."
				+ " Licensed content: not to be redistributed without an AMA licence.");
		codeSystem.declare("modifier", CPT_PROPERTY + "modifier", PropertyType.BOOLEAN, "True for modifier codes");
		codeSystem.declare("modified", CPT_PROPERTY + "modified", PropertyType.BOOLEAN,
				"Whether the code is an expression with modifiers");
		codeSystem.declare("kind", CPT_PROPERTY + "kind", PropertyType.CODE,
				"As THO's CPT property: code | cat-1 | cat-2 | physical-status | general | hcpcs");
		Map<String, ConceptDefinitionComponent> concepts = new LinkedHashMap<>();
		for (Map.Entry<String, String> line : codeLines(longDescriptors, progress).entrySet()) {
			ConceptDefinitionComponent concept = codeSystem.concept(line.getKey(), line.getValue());
			codeSystem.flag(concept, "modifier", false, null);
			codeSystem.flag(concept, "modified", false, null);
			codeSystem.code(concept, "kind", "code", null);
			String category = Character.isDigit(line.getKey().charAt(4)) ? "category-1"
					: CATEGORIES.get(line.getKey().charAt(4));
			codeSystem.code(concept, "category", category, "CPT category by code shape: category-1 (five digits),"
					+ " category-2 (F), category-3 (T), pla (U), category-1-vaccine (A), maaa (M)");
			concepts.put(line.getKey(), concept);
		}
		if (concepts.isEmpty()) {
			throw new ImportFailure("No line of LONGULT.txt starts with a CPT code followed by a tab or space");
		}
		designations(files, "LONGUT.txt", "long-upper", concepts, codeSystem, progress);
		designations(files, "MEDU.txt", "medium", concepts, codeSystem, progress);
		designations(files, "SHORTU.txt", "short", concepts, codeSystem, progress);
		new CptDescriptorFiles(codeSystem, concepts, progress).read(files);
		new CptModifiers(codeSystem).read(ReleaseFile.find(files, "modifiers.csv"));
		return codeSystem.resource();
	}

	private static Map<String, String> codeLines(ReleaseFile file, ImportProgress progress) {
		Map<String, String> lines = new LinkedHashMap<>();
		List<String> all = file.lines(StandardCharsets.UTF_8);
		for (int i = 0; i < all.size(); i++) {
			Matcher matcher = CODE_LINE.matcher(all.get(i));
			if (!matcher.matches()) {
				continue;
			}
			String text = matcher.group(2).trim();
			if (text.isEmpty()) {
				throw file.at(i + 1, "the code " + matcher.group(1) + " has no descriptor");
			}
			if (lines.putIfAbsent(matcher.group(1), text) != null) {
				throw file.at(i + 1, "the code " + matcher.group(1) + " is listed twice");
			}
			progress.read();
		}
		return lines;
	}

	private static void designations(List<ReleaseFile> files, String name, String use,
			Map<String, ConceptDefinitionComponent> concepts, ImportedCodeSystem codeSystem, ImportProgress progress) {
		Optional<ReleaseFile> file = ReleaseFile.find(files, name);
		if (file.isEmpty()) {
			return;
		}
		codeLines(file.get(), progress).forEach((code, text) -> {
			ConceptDefinitionComponent concept = concepts.get(code);
			if (concept != null) {
				codeSystem.designation(concept, use, text);
			}
		});
	}

}
