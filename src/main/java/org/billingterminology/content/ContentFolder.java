package org.billingterminology.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.billingterminology.storage.ServedTypes;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Reads the content folder and checks it as a whole before anything is stored: each file is one
 * valid resource of a served type named Type-id.json, no id or canonical url is used twice, and
 * every reference between the files lands on another file. A problem stops start-up with a
 * message naming the file.
 */
final class ContentFolder {

	/** Files of a FHIR package that are not resources. */
	private static final Set<String> PACKAGE_FILES = Set.of("package.json", ".index.json");

	private ContentFolder() {
	}

	static List<ContentFile> read(Path folder, FhirContext fhirContext) {
		if (!Files.isDirectory(folder)) {
			throw new IllegalStateException("The content folder " + folder.toAbsolutePath() + " does not exist");
		}
		IParser parser = fhirContext.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
		List<ContentFile> files = new ArrayList<>();
		for (Path path : jsonFiles(folder)) {
			files.add(parse(path, parser));
		}
		checkUnique(files);
		checkReferences(files, fhirContext);
		files.sort(Comparator.comparing((ContentFile file) -> ServedTypes.RESOURCE_TYPES.indexOf(file.type()))
			.thenComparing(ContentFile::name));
		return files;
	}

	private static List<Path> jsonFiles(Path folder) {
		try (Stream<Path> paths = Files.list(folder)) {
			return paths.filter(path -> path.getFileName().toString().endsWith(".json"))
				.filter(path -> !PACKAGE_FILES.contains(path.getFileName().toString()))
				.sorted()
				.toList();
		}
		catch (IOException e) {
			throw new IllegalStateException("The content folder " + folder + " cannot be read: " + e.getMessage(), e);
		}
	}

	private static ContentFile parse(Path path, IParser parser) {
		String text;
		try {
			text = Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw problem(path, "cannot be read: " + e.getMessage());
		}
		Resource resource;
		try {
			resource = (Resource) parser.parseResource(text);
		}
		catch (DataFormatException | ClassCastException e) {
			throw problem(path, "is not a valid FHIR R4 JSON resource: " + e.getMessage());
		}
		String type = resource.fhirType();
		if (!ServedTypes.RESOURCE_TYPES.contains(type)) {
			throw problem(path, "holds a " + type + ", which this server does not serve; served types: "
					+ ServedTypes.RESOURCE_TYPES);
		}
		if (!resource.getIdElement().hasIdPart()) {
			throw problem(path, "has no id");
		}
		String expected = type + "-" + resource.getIdElement().getIdPart() + ".json";
		if (!expected.equals(path.getFileName().toString())) {
			throw problem(path, "must be named " + expected + " after the resource's type and id");
		}
		resource.setId(type + "/" + resource.getIdElement().getIdPart());
		return new ContentFile(path, resource);
	}

	private static void checkUnique(List<ContentFile> files) {
		Map<String, ContentFile> canonicals = new HashMap<>();
		for (ContentFile file : files) {
			if (file.resource() instanceof MetadataResource metadata && !(metadata instanceof NamingSystem)
					&& metadata.hasUrl()) {
				String canonical = file.type() + " " + metadata.getUrl() + "|" + metadata.getVersion();
				ContentFile other = canonicals.putIfAbsent(canonical, file);
				if (other != null) {
					throw problem(file.path(), "has the same canonical url and version (" + metadata.getUrl() + "|"
							+ metadata.getVersion() + ") as " + other.name());
				}
			}
		}
	}

	private static void checkReferences(List<ContentFile> files, FhirContext fhirContext) {
		Set<String> ids = new HashSet<>();
		Set<String> systems = new HashSet<>();
		Set<String> valueSets = new HashSet<>();
		for (ContentFile file : files) {
			ids.add(file.type() + "/" + file.id());
			if (file.resource() instanceof CodeSystem codeSystem) {
				systems.add(codeSystem.getUrl());
			}
			if (file.resource() instanceof ValueSet valueSet) {
				valueSets.add(valueSet.getUrl());
			}
			if (file.resource() instanceof NamingSystem namingSystem) {
				namingSystem.getUniqueId().forEach(id -> systems.add(id.getValue()));
			}
		}
		for (ContentFile file : files) {
			for (Reference reference : fhirContext.newTerser()
				.getAllPopulatedChildElementsOfType(file.resource(), Reference.class)) {
				String target = reference.getReference();
				if (target != null && target.matches("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}") && !ids.contains(target)) {
					throw problem(file.path(), "refers to " + target + ", which no file in the folder holds");
				}
			}
			if (file.resource() instanceof ValueSet valueSet) {
				Stream.concat(valueSet.getCompose().getInclude().stream(), valueSet.getCompose().getExclude().stream())
					.forEach(set -> {
						if (set.hasSystem() && !systems.contains(set.getSystem())) {
							throw problem(file.path(), "includes codes of " + set.getSystem()
									+ ", which no CodeSystem or NamingSystem in the folder defines");
						}
						for (CanonicalType included : set.getValueSet()) {
							if (!included.hasValue()) {
								throw problem(file.path(), "includes a value set with no canonical (an extension only)");
							}
							if (!valueSets.contains(included.getValue().split("\\|")[0])) {
								throw problem(file.path(), "includes the value set " + included.getValue()
										+ ", which no file in the folder defines");
							}
						}
					});
			}
			if (file.resource() instanceof ConceptMap conceptMap) {
				for (ConceptMap.ConceptMapGroupComponent group : conceptMap.getGroup()) {
					for (String system : new String[] { group.getSource(), group.getTarget() }) {
						if (system != null && !systems.contains(system)) {
							throw problem(file.path(), "maps codes of " + system
									+ ", which no CodeSystem or NamingSystem in the folder defines");
						}
					}
				}
			}
		}
	}

	private static IllegalStateException problem(Path path, String problem) {
		return new IllegalStateException("Content file " + path + " " + problem);
	}

}
