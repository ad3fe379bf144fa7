package org.billingterminology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in fhir-resources/ is valid FHIR R4 by HAPI's instance validator. */
class ShippedContentValidationTests {

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

}
