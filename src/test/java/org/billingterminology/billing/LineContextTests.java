package org.billingterminology.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.billingterminology.terminology.model.Snapshot;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/** What a rule's memberOf() sees for one line: the code system release for the line's date of service. */
class LineContextTests {

	private static final String SYSTEM = "http://example.org/releases";

	private static CodeSystem release(String version, String... codes) {
		CodeSystem release = new CodeSystem().setUrl(SYSTEM).setVersion(version).setStatus(PublicationStatus.ACTIVE)
			.setContent(CodeSystemContentMode.COMPLETE);
		release.setId("release-" + version);
		for (String code : codes) {
			release.addConcept().setCode(code).setDisplay("Code " + code);
		}
		return release;
	}

	private static final ValueSet ALL = allOf();

	private static ValueSet allOf() {
		ValueSet all = new ValueSet().setUrl("http://example.org/ValueSet/all").setVersion("1").setStatus(PublicationStatus.ACTIVE);
		all.setId("all");
		all.getCompose().addInclude().setSystem(SYSTEM);
		return all;
	}

	private static final Snapshot SNAPSHOT = Snapshot.of(List.of(release("2025", "A", "RETIRED"), release("2026", "A", "NEW"), ALL));

	private static boolean holds(String dateOfService, String code) {
		LineContext line = line(dateOfService);
		return line.holds(line.valueSet(ALL.getUrl()), new CodeableConcept(new Coding(SYSTEM, code, null)));
	}

	private static LineContext line(String dateOfService) {
		Claim claim = new Claim();
		Claim.ItemComponent item = claim.addItem().setSequence(1).setServiced(new DateType(dateOfService));
		return LineContext.of(SNAPSHOT, claim, item, null, 1000);
	}

	@Test
	void theReleaseForTheDateOfServiceAnswers() {
		assertThat(holds("2025-06-30", "RETIRED")).isTrue();
		assertThat(holds("2025-06-30", "NEW")).isFalse();
		assertThat(holds("2026-01-01", "NEW")).isTrue();
		assertThat(holds("2026-01-01", "RETIRED")).isFalse();
		assertThat(holds("2031-01-01", "NEW")).as("after the newest release: the newest").isTrue();
	}

	@Test
	void aValueSetTheServerDoesNotHoldCannotBeJudged() {
		LineContext line = line("2026-01-01");
		assertThatThrownBy(() -> line.valueSet("http://example.org/ValueSet/gone")).hasMessageContaining("not held");
	}

}
