package org.billingterminology.changes;

import java.util.Map;
import java.util.UUID;

import org.billingterminology.ServerTestSupport;
import org.billingterminology.changes.DatabaseChangePoller.Fingerprint;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The poller's query runs on HAPI's real schema and sees creates and deletes of one type only. */
class DatabaseChangePollerIT extends ServerTestSupport {

	@Autowired
	private DatabaseChangePoller poller;

	@Test
	void createsAndDeletesMoveTheFingerprintOfTheirTypeOnly() {
		Map<String, Fingerprint> before = poller.read();
		assertThat(before).containsKeys("CodeSystem", "ValueSet", "Organization", "ChargeItemDefinition");

		Organization payer = new Organization();
		payer.setId("poller-test-" + UUID.randomUUID().toString().substring(0, 8));
		payer.setName("Created by a test");
		IIdType id = adminClient().update().resource(payer).execute().getId();
		Map<String, Fingerprint> created = poller.read();
		assertThat(DatabaseChangePoller.changedTypes(before, created)).containsExactly("Organization");
		assertThat(created.get("Organization").resources()).isEqualTo(before.get("Organization").resources() + 1);

		adminClient().delete().resourceById(id.toUnqualifiedVersionless()).execute();
		Map<String, Fingerprint> deleted = poller.read();
		assertThat(DatabaseChangePoller.changedTypes(created, deleted)).containsExactly("Organization");
	}

}
