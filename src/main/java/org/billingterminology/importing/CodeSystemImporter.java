package org.billingterminology.importing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.billingterminology.importing.formats.ImportProgress;
import org.billingterminology.importing.formats.ReleaseFile;
import org.billingterminology.importing.formats.ReleaseFormats;
import org.billingterminology.terminology.stored.Snapshots;
import org.hl7.fhir.r4.model.CodeSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Turns release files into one complete CodeSystem and stores it, in one write: a file that does
 * not parse stores nothing, and the earlier versions stay as they were. The system decides the
 * reader: CMS's HCPCS file, the AMA's CPT files, or HAPI's custom CSV for anything else.
 */
@Component
class CodeSystemImporter {

	private static final Logger log = LoggerFactory.getLogger(CodeSystemImporter.class);

	private final DaoRegistry daoRegistry;

	private final Snapshots snapshots;

	/** What an import stored. */
	record Imported(CodeSystem codeSystem, String versionId, boolean changed, long millis) {
	}

	/** The import in progress, if any: its records read so far are a gauge (imports take minutes). */
	private final AtomicReference<ImportProgress> running = new AtomicReference<>();

	private final MeterRegistry meters;

	CodeSystemImporter(DaoRegistry daoRegistry, Snapshots snapshots, MeterRegistry meters) {
		this.daoRegistry = daoRegistry;
		this.snapshots = snapshots;
		this.meters = meters;
		Gauge.builder("terminology.import.records.read", running, r -> r.get() == null ? 0 : r.get().records())
			.description("records read so far by the import in progress (0 when none runs)")
			.register(meters);
	}

	Imported importFiles(String system, String version, List<ReleaseFile> files, RequestDetails request) {
		String url = system == null ? "" : system.trim().replaceAll("/+$", "");
		if (!url.matches("(?i)(https?://|urn:)\\S+")) {
			throw new InvalidRequestException("The system '" + system + "' is not an absolute URI: name the code system"
					+ " to import (" + ReleaseFormats.HCPCS + ", " + ReleaseFormats.CPT + ", or any other for HAPI's custom CSV)");
		}
		ImportProgress progress = new ImportProgress(url);
		CodeSystem codeSystem;
		running.set(progress);
		try {
			codeSystem = ReleaseFormats.read(url, version, files, progress);
		}
		finally {
			running.set(null);
		}
		log.info("Read {} version {}: {} records, {} concepts in {} ms ({} records a second)", codeSystem.getUrl(),
				codeSystem.getVersion(), progress.records(), codeSystem.getConcept().size(), progress.millis(),
				progress.perSecond());
		DaoMethodOutcome outcome = daoRegistry.getResourceDao(CodeSystem.class).update(codeSystem, request);
		boolean changed = !Boolean.TRUE.equals(outcome.isNop());
		CodeSystem stored = (CodeSystem) outcome.getResource();
		if (changed && stored != null) {
			snapshots.stored(stored);
		}
		String versionId = outcome.getId().getVersionIdPart();
		Timer.builder("terminology.imports")
			.description("code system imports completed, and how long each took")
			.tag("system", ReleaseFormats.HCPCS.equals(url) || ReleaseFormats.CPT.equals(url) ? url : "other")
			.tag("stored", changed ? "new version" : "unchanged")
			.register(meters)
			.record(progress.millis(), TimeUnit.MILLISECONDS);
		log.info("Stored CodeSystem/{} ({} {}, version {} of the resource{}) {} ms after the import started",
				codeSystem.getIdElement().getIdPart(), codeSystem.getUrl(), codeSystem.getVersion(), versionId,
				changed ? "" : ", unchanged", progress.millis());
		return new Imported(codeSystem, versionId, changed, progress.millis());
	}

}
