package org.billingterminology.fhirpackage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds the FHIR NPM package (name-version.tgz) from fhir-resources/ at Maven's package phase
 * (exec-maven-plugin, test classpath): package/package.json, a generated package/.index.json and
 * every resource. Kept out of the server's jar: it is a build step, not part of the server.
 */
public final class FhirPackageBuilder {

	/** HL7's package-name rule: dot-separated parts of [a-z0-9_-], at least two, no hyphen in the first. */
	public static final Pattern VALID_NAME = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_-]+)+");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final List<String> INDEX_FIELDS = List.of("id", "url", "version", "kind", "type", "supplements", "content");

	private FhirPackageBuilder() {
	}

	public static void main(String[] args) throws IOException {
		Path built = build(Path.of(args[0]), Path.of(args[1]));
		System.out.println("FHIR package: " + built);
	}

	static Path build(Path contentDir, Path targetDir) throws IOException {
		byte[] manifest = Files.readAllBytes(contentDir.resolve("package.json"));
		JsonNode packageJson = JSON.readTree(manifest);
		String name = packageJson.path("name").asText();
		if (!VALID_NAME.matcher(name).matches()) {
			throw new IllegalStateException("package.json: '" + name + "' is not a valid FHIR package name");
		}
		List<Path> resources;
		try (Stream<Path> files = Files.list(contentDir)) {
			resources = files.filter(f -> f.getFileName().toString().endsWith(".json"))
				.filter(f -> !f.getFileName().toString().equals("package.json")).sorted().toList();
		}
		ObjectNode index = JSON.createObjectNode().put("index-version", 2);
		ArrayNode entries = index.putArray("files");
		for (Path resource : resources) {
			entries.add(indexEntry(resource));
		}
		Files.createDirectories(targetDir);
		Path tarball = targetDir.resolve(name + "-" + packageJson.path("version").asText() + ".tgz");
		try (OutputStream file = Files.newOutputStream(tarball);
				TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			add(tar, "package/package.json", manifest);
			add(tar, "package/.index.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
			for (Path resource : resources) {
				add(tar, "package/" + resource.getFileName(), Files.readAllBytes(resource));
			}
		}
		return tarball;
	}

	private static ObjectNode indexEntry(Path resource) throws IOException {
		JsonNode json = JSON.readTree(resource.toFile());
		if (!json.hasNonNull("resourceType") || !json.hasNonNull("id")) {
			throw new IllegalStateException(resource + ": no resourceType or id");
		}
		ObjectNode entry = JSON.createObjectNode().put("filename", resource.getFileName().toString())
			.put("resourceType", json.get("resourceType").asText());
		for (String field : INDEX_FIELDS) {
			if (json.path(field).isTextual()) {
				entry.put(field, json.get(field).asText());
			}
		}
		return entry;
	}

	private static void add(TarArchiveOutputStream tar, String path, byte[] bytes) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(path);
		entry.setSize(bytes.length);
		tar.putArchiveEntry(entry);
		tar.write(bytes);
		tar.closeArchiveEntry();
	}
}
