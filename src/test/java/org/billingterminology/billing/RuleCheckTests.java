package org.billingterminology.billing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.ChargeItemDefinition;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;

/** The load check of billing rules, below HTTP: every shipped rule passes it, and each kind of mistake is caught. */
class RuleCheckTests {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private final RuleCheck check = new RuleCheck(FHIR, new RuleEngine(FHIR));

	private static List<ChargeItemDefinition> shipped() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("fhir-resources"))) {
			return files.filter(f -> f.getFileName().toString().startsWith("ChargeItemDefinition-")).sorted().map(f -> {
				try {
					return FHIR.newJsonParser().parseResource(ChargeItemDefinition.class, Files.readString(f));
				}
				catch (IOException e) {
					throw new IllegalStateException(e);
				}
			}).toList();
		}
	}

	private static ChargeItemDefinition neutral() throws IOException {
		return shipped().stream().filter(c -> c.getIdPart().equals("cpt-77003")).findFirst().orElseThrow();
	}

	@Test
	void everyShippedRuleParsesAndGivesABooleanOnTheFixtureClaim() throws IOException {
		List<ChargeItemDefinition> definitions = shipped();
		org.assertj.core.api.Assertions.assertThat(definitions.stream().mapToInt(c -> c.getApplicability().size()).sum())
			.isGreaterThanOrEqualTo(10);
		for (ChargeItemDefinition definition : definitions) {
			assertThatCode(() -> check.check(definition)).as(definition.getIdPart()).doesNotThrowAnyException();
		}
	}

	@Test
	void aChoiceElementReadWithItsTypeIsRefused() throws IOException {
		ChargeItemDefinition definition = neutral();
		definition.getApplicability().get(0).setExpression("%resource.item.where(servicedDate = %context.serviced).exists()");
		assertThatThrownBy(() -> check.check(definition)).isInstanceOf(UnprocessableEntityException.class)
			.hasMessageContaining("rule 'primary-on-same-date'").hasMessageContaining("reads 'servicedDate'");
		definition.getApplicability().get(0).setExpression("locationCodeableConcept.exists().not()");
		assertThatThrownBy(() -> check.check(definition)).hasMessageContaining("reads 'locationCodeableConcept'");
	}

	@Test
	void aMisspelledElementAfterOfTypeOrInsideWhereIsRefused() throws IOException {
		ChargeItemDefinition definition = neutral();
		definition.getApplicability().get(0).setExpression("location.ofType(CodeableConcept).codings.exists().not()");
		assertThatThrownBy(() -> check.check(definition)).hasMessageContaining("reads 'codings'")
			.hasMessageContaining("CodeableConcept");
		definition.getApplicability().get(0).setExpression("modifier.where(coding.cod = '26').empty()");
		assertThatThrownBy(() -> check.check(definition)).hasMessageContaining("reads 'cod'");
		definition.getApplicability().get(0).setExpression("%resource.items.empty()");
		assertThatThrownBy(() -> check.check(definition)).hasMessageContaining("reads 'items'");
	}

	@Test
	void aRuleMustGiveOneBooleanAndUseOnlyKnownConstants() throws IOException {
		ChargeItemDefinition definition = neutral();
		definition.getApplicability().get(0).setExpression("modifier.coding.code");
		assertThatThrownBy(() -> check.check(definition)).hasMessageContaining("must give one true or false");
		definition.getApplicability().get(0).setExpression("%payor.exists()");
		assertThatThrownBy(() -> check.check(definition)).hasMessageContaining("Unknown constant %payor");
		definition.getApplicability().get(0).setExpression("serviced = ");
		assertThatThrownBy(() -> check.check(definition)).hasMessageContaining("does not parse");
	}

	@Test
	void aRuleNeedsItsMetadata() throws IOException {
		ChargeItemDefinition noId = neutral();
		noId.getApplicability().get(0).setId(null);
		assertThatThrownBy(() -> check.check(noId)).hasMessageContaining("stable element id");
		ChargeItemDefinition badVerdict = neutral();
		Extension meta = badVerdict.getApplicability().get(0).getExtensionByUrl(BillingRule.RULE);
		meta.getExtensionByUrl("verdict").setValue(new org.hl7.fhir.r4.model.CodeType("maybe"));
		assertThatThrownBy(() -> check.check(badVerdict)).hasMessageContaining("verdict").hasMessageContaining("maybe");
		ChargeItemDefinition unsourced = neutral();
		unsourced.getApplicability().get(0).getExtensionByUrl(BillingRule.RULE).getExtension()
			.removeIf(e -> e.getUrl().equals("source"));
		assertThatThrownBy(() -> check.check(unsourced)).hasMessageContaining("needs a source");
		ChargeItemDefinition prose = neutral();
		prose.getApplicability().get(0).setLanguage(null).setExpression(null);
		assertThatThrownBy(() -> check.check(prose)).hasMessageContaining("text/fhirpath");
	}

}
