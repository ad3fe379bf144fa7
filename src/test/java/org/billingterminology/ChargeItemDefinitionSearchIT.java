package org.billingterminology;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ChargeItemDefinition;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChargeItemDefinitionSearchIT extends ServerTestSupport {

	private List<ChargeItemDefinition> search(String query) {
		Bundle bundle = client().search()
			.byUrl("ChargeItemDefinition?" + query)
			.returnBundle(Bundle.class)
			.execute();
		return bundle.getEntry().stream().map(e -> (ChargeItemDefinition) e.getResource()).toList();
	}

	@Test
	void searchByCptCodeFindsEveryPayersNotes() {
		List<ChargeItemDefinition> found = search("code=" + CPT + "|77003");
		assertThat(found).hasSize(ShippedContent.chargeItemsFor("77003").size()).hasSizeGreaterThanOrEqualTo(6);
		assertThat(search("code=" + CPT + "|77002")).isEmpty();
	}

	@Test
	void searchByPayerFindsThatPayersNotes() {
		for (Organization payer : ShippedContent.all(Organization.class)) {
			String reference = "Organization/" + payer.getIdElement().getIdPart();
			List<ChargeItemDefinition> found = search("payer=" + reference);
			assertThat(found).as(reference).isNotEmpty();
			assertThat(found).allSatisfy(definition -> assertThat(definition.getUseContext())
				.extracting(context -> ((Reference) context.getValue()).getReference())
				.contains(reference));
		}
	}

	@Test
	void payerNotesCarryTheirSourcesAndSayWhatIsNotKnown() {
		for (ChargeItemDefinition definition : search("code=" + CPT + "|77003&payer:missing=false")) {
			assertThat(definition.getDescription()).as(definition.getId()).containsIgnoringCase("data not available");
			assertThat(definition.getPropertyGroup()).isNotEmpty();
			assertThat(definition.getPropertyGroup())
				.flatExtracting(ChargeItemDefinition.ChargeItemDefinitionPropertyGroupComponent::getPriceComponent)
				.allSatisfy(price -> assertThat(price.hasAmount()).isFalse());
		}
	}

	@Test
	void payerNotesPointAtThePayerNeutralRulesAndHoldOnlyTheirOwn() {
		String neutral = "http://fhir.billing-terminology.org/ChargeItemDefinition/cpt-77003";
		for (ChargeItemDefinition definition : search("code=" + CPT + "|77003&payer:missing=false")) {
			assertThat(definition.getPartOf()).as(definition.getId()).extracting(p -> p.getValue()).containsExactly(neutral);
			// the CPT rules are not copied into each payer's resource
			assertThat(definition.getApplicability()).as(definition.getId())
				.allSatisfy(rule -> assertThat(rule.getId()).isNotIn("primary-on-same-date", "imaging-not-in-primary"));
		}
	}

	@Test
	void combinedCodeAndPayerSearchNarrowsToOne() {
		assertThat(search("code=" + CPT + "|77003&payer=Organization/medicare")).hasSize(1);
	}

}
