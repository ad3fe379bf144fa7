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
 */
@ConfigurationProperties("terminology")
public record ServerSettings(@DefaultValue("fhir-resources") Path contentDir, String adminToken,
		@DefaultValue("10000") int maxExpansionSize, @DefaultValue("1s") Duration changePollInterval,
		@DefaultValue("1MB") DataSize maxRequestBody, @DefaultValue("50") int defaultPageSize,
		@DefaultValue("500") int maxPageSize, @DefaultValue("*") List<String> corsAllowedOrigins,
		@DefaultValue({ "GET", "HEAD", "POST", "OPTIONS" }) List<String> corsAllowedMethods,
		@DefaultValue("32MB") DataSize answerCacheSize) {
}
