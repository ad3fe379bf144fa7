package org.billingterminology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The few settings that are ours rather than Spring's or HAPI's.
 *
 * @param contentDir folder of FHIR resources loaded at start (one resource a file)
 * @param adminToken bearer token that unlocks writes; writes are off when it is blank
 * @param maxExpansionSize largest expansion built without a count, and the ceiling of count
 * @param changePollInterval how often the database is asked whether another process changed
 *        content (zero turns polling off: then only this process's own changes are seen)
 * @param maxRequestBody largest request body accepted (after gzip decoding); larger is a 413
 * @param defaultPageSize search page size when the request has no _count
 * @param maxPageSize largest search page: a larger _count is capped to it
 * @param corsAllowedOrigins origins that browsers may call from ("*" for any; empty turns CORS off)
 * @param corsAllowedMethods methods allowed cross-origin (reads by default; add PUT, PATCH, DELETE
 * for a browser admin tool)
 * @param answerCacheSize most bytes of replayable answers kept in memory (keys included); 0 turns
 *        replays off
 * @param publicBaseUrl the FHIR base URL clients use (https://tx.example.org/fhir), written into
 *        links and the capability statement; when blank each answer's links name the Host the
 *        request was sent to, and the capability statement is built per request
 * @param bodyDeadline the longest a client may take to send a whole request body (a total, not a
 *        time per read); slower is a 408 and the connection is closed
 * @param maxRequestsPerClient most requests one client address may have in progress at once;
 *        more is a 429 (zero turns it off: do that behind a reverse proxy, the one client then)
 * @param billingSupplements whether this project's billing supplements are laid over every version
 *        of CPT and HCPCS held (a request's useSupplement works either way)
 * @param maxImportBody largest body of an admin's $upload-external-code-system (release files are
 *        large); every other request keeps maxRequestBody
 * @param importDeadline the longest an admin may take to send an upload body
 * @param importDir folder whose release files are imported at start, and the only place a
 *        {@code localfile:} attachment may name; blank for neither
 * @param licensedExpansionCap most codes an expansion of licensed CPT may hold (the AMA's terms, as
 *        tx.fhir.org applies them); a larger one is refused as too costly
 * @param maxWorkSteps most steps of terminology work one request may do (a concept a filter
 *        considers, a value set entered, a membership test, a hierarchy node walked, 16 characters a
 *        regex reads); more is a 422 too-costly
 * @param workDeadline the longest one request's terminology work may take; longer is a 422 too-costly
 * @param heavyWorkPermits how many requests past 100,000 steps may work at once (zero: half the
 *        cores, at least one); the others wait within their deadline, then get a 503
 * @param fhirCoreContent whether FHIR R4's own code systems and value sets (HAPI's bundled copy of
 *        4.0.1's, with its v2 and v3 tables) are answered beside ours, read-only
 */
@ConfigurationProperties("terminology")
public record ServerSettings(@DefaultValue("fhir-resources") Path contentDir, String adminToken,
		@DefaultValue("10000") int maxExpansionSize, @DefaultValue("1s") Duration changePollInterval,
		@DefaultValue("1MB") DataSize maxRequestBody, @DefaultValue("50") int defaultPageSize,
		@DefaultValue("500") int maxPageSize, @DefaultValue("*") List<String> corsAllowedOrigins,
		@DefaultValue({ "GET", "HEAD", "POST", "OPTIONS" }) List<String> corsAllowedMethods,
		@DefaultValue("32MB") DataSize answerCacheSize, String publicBaseUrl,
		@DefaultValue("30s") Duration bodyDeadline, @DefaultValue("50") int maxRequestsPerClient,
		@DefaultValue("true") boolean billingSupplements, @DefaultValue("300MB") DataSize maxImportBody,
		@DefaultValue("10m") Duration importDeadline, Path importDir, @DefaultValue("1000") int licensedExpansionCap,
		@DefaultValue("10000000") long maxWorkSteps, @DefaultValue("30s") Duration workDeadline,
		@DefaultValue("0") int heavyWorkPermits, @DefaultValue("true") boolean fhirCoreContent) {
}
