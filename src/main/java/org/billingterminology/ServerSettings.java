package org.billingterminology;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The few settings that are ours rather than Spring's or HAPI's.
 *
 * @param contentDir folder of FHIR resources loaded at start (one resource a file)
 * @param adminToken bearer token that unlocks writes; writes are off when it is blank
 * @param maxExpansionSize largest expansion built without a count, and the ceiling of count
 * @param changePollInterval how often the database is asked whether another process changed
 *        content (zero turns polling off: then only this process's own changes are seen)
 */
@ConfigurationProperties("terminology")
public record ServerSettings(@DefaultValue("fhir-resources") Path contentDir, String adminToken,
		@DefaultValue("10000") int maxExpansionSize, @DefaultValue("1s") Duration changePollInterval) {
}
