package org.billingterminology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in fhir-resources/ is valid FHIR R4 by HAPI's instance validator, and the shipped displays follow the content's rules. */
class ShippedContentValidationTests {

	private static final String CPT = "http://www.ama-assn.org/go/cpt";

	/** The AMA's short titles of the CPT modifiers shipped: our displays must not repeat them (fact sheet 6.4). */
	private static final List<String> AMA_SHORT_TITLES = List.of("Professional component only", "Bilateral procedure",
			"Multiple procedures", "Reduced service", "Distinct procedural service",
			"Repeat procedure by the same practitioner", "Repeat procedure by another practitioner");

	@Test
	void everyShippedResourceValidatesWithoutErrors() throws IOException {
		FhirContext fhir = FhirContext.forR4();
		List<Path> files;
		try (Stream<Path> list = Files.list(ShippedContent.FOLDER)) {
			files = list.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().equals("package.json"))
				.sorted()
				.toList();
		}
		PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(fhir);
		ShippedContent.all(CodeSystem.class).forEach(ours::addCodeSystem);
		ShippedContent.all(ValueSet.class).forEach(ours::addValueSet);
		ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir), ours,
				new InMemoryTerminologyServerValidationSupport(fhir), new CommonCodeSystemsTerminologyService(fhir),
				new SnapshotGeneratingValidationSupport(fhir));
		FhirValidator validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(support));

		assertThat(files).hasSizeGreaterThanOrEqualTo(20);
		for (Path file : files) {
			Resource resource = (Resource) fhir.newJsonParser().parseResource(Files.readString(file));
			List<String> errors = validator.validateWithResult(resource)
				.getMessages()
				.stream()
				.filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.map(SingleValidationMessage::toString)
				.toList();
			assertThat(errors).as(file.getFileName().toString()).isEmpty();
		}
	}

	@Test
	void displaysAreDistinctPerCode() {
		List<CodeSystem> fragments = ShippedContent.all(CodeSystem.class)
			.stream()
			.filter(codeSystem -> codeSystem.getContent() == CodeSystemContentMode.FRAGMENT)
			.toList();
		assertThat(fragments).extracting(CodeSystem::getUrl).contains(CPT);
		// one map over all fragments: a display is not shared within a code system, nor across CPT and HCPCS
		Map<String, String> codeByDisplay = new HashMap<>();
		for (CodeSystem codeSystem : fragments) {
			for (ConceptDefinitionComponent concept : concepts(codeSystem.getConcept())) {
				String code = codeSystem.getUrl() + "#" + concept.getCode();
				assertThat(concept.getDisplay()).as(code).isNotBlank();
				String earlier = codeByDisplay.putIfAbsent(concept.getDisplay().trim().toLowerCase(Locale.ROOT), code);
				assertThat(earlier).as("%s has the display '%s' of another code", code, concept.getDisplay()).isNull();
			}
		}
	}

	@Test
	void cptModifierDisplaysAreNotTheAmaShortTitles() {
		CodeSystem cpt = ShippedContent.read("CodeSystem-cpt.json", CodeSystem.class);
		List<ConceptDefinitionComponent> modifiers = concepts(cpt.getConcept()).stream()
			.filter(concept -> concept.getProperty()
				.stream()
				.anyMatch(p -> p.getCode().equals("modifier") && p.getValue() instanceof BooleanType flag && flag.booleanValue()))
			.toList();
		assertThat(modifiers).extracting(ConceptDefinitionComponent::getCode).contains("26", "50", "51", "52", "59", "76", "77");
		for (ConceptDefinitionComponent modifier : modifiers) {
			assertThat(AMA_SHORT_TITLES).as("display of CPT modifier %s", modifier.getCode())
				.noneMatch(title -> title.equalsIgnoreCase(modifier.getDisplay().trim()));
		}
		// the supplement's plain-language names and the value sets repeat the displays, so they must not either
		List<String> repeated = new ArrayList<>();
		ShippedContent.all(CodeSystem.class)
			.stream()
			.filter(codeSystem -> CPT.equals(codeSystem.getSupplements()))
			.forEach(supplement -> concepts(supplement.getConcept())
				.forEach(concept -> concept.getDesignation().forEach(d -> repeated.add(d.getValue()))));
		ShippedContent.all(ValueSet.class)
			.forEach(valueSet -> valueSet.getCompose()
				.getInclude()
				.stream()
				.filter(include -> CPT.equals(include.getSystem()))
				.forEach(include -> include.getConcept().forEach(concept -> repeated.add(concept.getDisplay()))));
		assertThat(repeated).isNotEmpty();
		for (String text : repeated) {
			assertThat(AMA_SHORT_TITLES).as("'%s'", text)
				.noneMatch(title -> text != null && title.equalsIgnoreCase(text.trim()));
		}
	}

	/** The concepts of a code system, nested ones included. */
	private static List<ConceptDefinitionComponent> concepts(List<ConceptDefinitionComponent> top) {
		List<ConceptDefinitionComponent> all = new ArrayList<>();
		for (ConceptDefinitionComponent concept : top) {
			all.add(concept);
			all.addAll(concepts(concept.getConcept()));
		}
		return all;
	}

}
