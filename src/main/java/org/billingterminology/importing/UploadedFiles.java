package org.billingterminology.importing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.importing.formats.ReleaseFile;
import org.hl7.fhir.r4.model.Attachment;

/**
 * The files of an upload: each {@code file} Attachment named by its url with its bytes in data, as
 * hapi-fhir-cli sends them; a zip is opened and its text members (.txt, .csv) taken, each named
 * zip/member. Decompressed bytes are bounded, so a zip bomb is refused rather than filling the heap.
 * A {@code localfile:} url is read only from the configured import folder.
 */
final class UploadedFiles {

	private static final int MAX_MEMBERS = 1000;

	private final long maxBytes;

	private final Path importDir;

	private long total;

	UploadedFiles(long maxBytes, Path importDir) {
		this.maxBytes = maxBytes;
		this.importDir = importDir;
	}

	List<ReleaseFile> read(List<Attachment> attachments) {
		if (attachments == null || attachments.isEmpty()) {
			throw new InvalidRequestException("No file parameter: send the release files as file Attachments (url = the"
					+ " file's name, data = its bytes)");
		}
		List<ReleaseFile> files = new ArrayList<>();
		for (int i = 0; i < attachments.size(); i++) {
			Attachment attachment = attachments.get(i);
			String name = attachment.hasUrl() ? attachment.getUrl() : null;
			if (name == null || name.isBlank()) {
				throw new InvalidRequestException("file " + (i + 1) + " has no url: name each file by its url");
			}
			byte[] bytes = attachment.hasData() ? attachment.getData() : local(name);
			String fileName = name.startsWith("localfile:") ? name.substring("localfile:".length()) : name;
			if (fileName.toLowerCase(Locale.ROOT).endsWith(".zip")) {
				files.addAll(unzip(fileName, bytes));
			}
			else {
				count(fileName, bytes.length);
				files.add(new ReleaseFile(fileName, bytes));
			}
		}
		return files;
	}

	private byte[] local(String url) {
		if (!url.startsWith("localfile:")) {
			throw new InvalidRequestException("The file " + url + " has no data: send its bytes in the Attachment's data");
		}
		if (importDir == null) {
			throw new ForbiddenOperationException("localfile: attachments are read only from the import folder"
					+ " (terminology.import-dir), and none is configured: send the bytes in data");
		}
		Path folder = importDir.toAbsolutePath().normalize();
		Path file = folder.resolve(url.substring("localfile:".length())).toAbsolutePath().normalize();
		if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
			throw new ForbiddenOperationException("The file " + url + " is not a file inside the import folder "
					+ folder + " (terminology.import-dir)");
		}
		try {
			count(url, Files.size(file));
			return Files.readAllBytes(file);
		}
		catch (IOException e) {
			throw new InvalidRequestException("Cannot read " + url + ": " + e.getMessage());
		}
	}

	private List<ReleaseFile> unzip(String zipName, byte[] bytes) {
		List<ReleaseFile> members = new ArrayList<>();
		int entries = 0;
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				if (++entries > MAX_MEMBERS) {
					throw new InvalidRequestException(zipName + " has more than " + MAX_MEMBERS + " members");
				}
				String name = entry.getName().toLowerCase(Locale.ROOT);
				if (entry.isDirectory() || !(name.endsWith(".txt") || name.endsWith(".csv"))) {
					continue;
				}
				members.add(new ReleaseFile(zipName + "/" + entry.getName(), readBounded(zipName + "/" + entry.getName(), zip)));
			}
		}
		catch (IOException e) {
			throw new InvalidRequestException("The file " + zipName + " is not a complete zip (" + e.getMessage()
					+ "); nothing was imported");
		}
		if (entries == 0) {
			throw new InvalidRequestException("The file " + zipName + " is not a zip, or an empty one; nothing was imported");
		}
		return members;
	}

	private byte[] readBounded(String name, InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[65536];
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			count(name, n);
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private void count(String name, long bytes) {
		total += bytes;
		if (total > maxBytes) {
			throw new InvalidRequestException("The uploaded files hold more than " + maxBytes + " bytes once unzipped (at "
					+ name + "; terminology.max-import-body); nothing was imported");
		}
	}

}
