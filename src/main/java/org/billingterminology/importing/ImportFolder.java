package org.billingterminology.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.billingterminology.ServerSettings;
import org.billingterminology.importing.formats.ReleaseFile;
import org.billingterminology.importing.formats.ReleaseFormats;
import org.hl7.fhir.r4.model.Attachment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Release files an operator keeps on disk (terminology.import-dir), imported at every start after
 * the content folder: each zip or sub-folder is one release, and so is each loose HCPCS
 * {@code …ANWEB.txt}; the system is told from the files (ANWEB: HCPCS; LONGULT.txt: CPT). An
 * unchanged release stores nothing new. A file that does not fit its layout stops the start, as a
 * broken content file does. Until done the "imports" health contributor is DOWN.
 */
@Component("imports")
@Order(1)
class ImportFolder implements ApplicationRunner, HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(ImportFolder.class);

	private final ServerSettings settings;

	private final CodeSystemImporter importer;

	private volatile boolean done;

	ImportFolder(ServerSettings settings, CodeSystemImporter importer) {
		this.settings = settings;
		this.importer = importer;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		Path folder = settings.importDir();
		if (folder == null || folder.toString().isBlank()) {
			done = true;
			return;
		}
		if (!Files.isDirectory(folder)) {
			throw new IllegalStateException("terminology.import-dir " + folder.toAbsolutePath() + " is not a folder");
		}
		try (Stream<Path> entries = Files.list(folder)) {
			for (Path entry : entries.sorted().toList()) {
				List<ReleaseFile> files = release(entry);
				String system = systemOf(files);
				if (system == null) {
					log.info("Import folder: {} is not a HCPCS or CPT release, skipped", entry.getFileName());
					continue;
				}
				log.info("Import folder: importing {} as {}", entry.getFileName(), system);
				importer.importFiles(system, null, files, new SystemRequestDetails());
			}
		}
		done = true;
	}

	private List<ReleaseFile> release(Path entry) {
		UploadedFiles reader = new UploadedFiles(settings.maxImportBody().toBytes(), null);
		List<Attachment> attachments = new ArrayList<>();
		try (Stream<Path> members = Files.isDirectory(entry) ? Files.walk(entry) : Stream.of(entry)) {
			for (Path file : members.filter(Files::isRegularFile).sorted().toList()) {
				attachments.add(new Attachment().setUrl(entry.relativize(file).toString().isEmpty() ? file.getFileName().toString()
						: entry.getFileName() + "/" + entry.relativize(file)).setData(Files.readAllBytes(file)));
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return attachments.isEmpty() ? List.of() : reader.read(attachments);
	}

	private static String systemOf(List<ReleaseFile> files) {
		boolean hcpcs = files.stream().anyMatch(f -> f.name().toUpperCase(Locale.ROOT).endsWith("ANWEB.TXT"));
		boolean cpt = files.stream().anyMatch(f -> f.name().toUpperCase(Locale.ROOT).endsWith("LONGULT.TXT"));
		return hcpcs ? ReleaseFormats.HCPCS : cpt ? ReleaseFormats.CPT : null;
	}

	@Override
	public Health health() {
		return done ? Health.up().build() : Health.down().withDetail("imports", "release files still being imported").build();
	}

}
