package org.billingterminology.terminology.model;

import java.util.List;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SupplementsTests {

	private static final String BASE = "http://example.org/base";

	private static final String GERMAN = "http://example.org/base-de";

	private static Snapshot snapshot() {
		CodeSystem base = new CodeSystem().setUrl(BASE).setVersion("1").setContent(CodeSystemContentMode.COMPLETE);
		base.setId("base");
		base.addConcept().setCode("a").setDisplay("Apple");
		CodeSystem german = new CodeSystem().setUrl(GERMAN).setVersion("2").setContent(CodeSystemContentMode.SUPPLEMENT);
		german.setId("base-de");
		german.setSupplements(BASE);
		german.addConcept().setCode("a").addDesignation().setLanguage("de").setValue("Apfel");
		return Snapshot.of(List.of(base, german));
	}

	private static String germanDisplay(Snapshot snapshot) {
		ResolvedCode apple = CodeResolution.resolve(snapshot.codeSystem(BASE, null).orElseThrow(), "a").found();
		return Displays.displayFor(apple, LanguagePreference.parse("de"));
	}

	@Test
	void aSupplementNotAskedForIsNotUsed() {
		Supplements none = Supplements.apply(snapshot(), List.of(), null);
		assertThat(none.used()).isEmpty();
		assertThat(germanDisplay(none.snapshot())).isEqualTo("Apple");
	}

	@Test
	void aSupplementAskedForAddsItsDesignationsMarkedWithTheirSource() {
		Snapshot stored = snapshot();
		Supplements applied = Supplements.apply(stored, List.of(GERMAN), null);
		assertThat(applied.used()).containsExactly(GERMAN + "|2");
		assertThat(germanDisplay(applied.snapshot())).isEqualTo("Apfel");
		var designation = applied.snapshot().codeSystem(BASE, null).orElseThrow().concept("a").orElseThrow()
			.getDesignationFirstRep();
		assertThat(((CanonicalType) designation.getExtensionByUrl(Supplements.SOURCE).getValue()).getValue())
			.isEqualTo(GERMAN + "|2");
		// the stored snapshot is left as it was: the supplement applies to this request only
		assertThat(germanDisplay(stored)).isEqualTo("Apple");
	}

	@Test
	void aValueSetCanAskForASupplementItself() {
		ValueSet valueSet = new ValueSet();
		valueSet.addExtension(Supplements.VALUESET_SUPPLEMENT, new CanonicalType(GERMAN + "|2"));
		assertThat(Supplements.apply(snapshot(), List.of(), valueSet).used()).containsExactly(GERMAN + "|2");
	}

	@Test
	void aSupplementAskedForButNotKnownIsAnError() {
		assertThatThrownBy(() -> Supplements.apply(snapshot(), List.of(GERMAN + "|9"), null))
			.isInstanceOf(ResourceNotFoundException.class)
			.hasMessageContaining("Required supplement not found");
		ValueSet valueSet = new ValueSet();
		valueSet.addExtension(Supplements.VALUESET_SUPPLEMENT, new StringType("http://example.org/nowhere"));
		assertThatThrownBy(() -> Supplements.apply(snapshot(), List.of(), valueSet))
			.isInstanceOf(ResourceNotFoundException.class);
	}

}
