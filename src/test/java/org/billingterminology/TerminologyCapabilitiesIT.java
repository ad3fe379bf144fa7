package org.billingterminology;

import java.util.List;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.TerminologyCapabilities;
import org.hl7.fhir.r4.model.TerminologyCapabilities.TerminologyCapabilitiesCodeSystemComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What terminology clients read before anything else: metadata?mode=terminology, the
 * CapabilityStatement's terminology claims, and $versions.
 */
class TerminologyCapabilitiesIT extends ServerTestSupport {

	private static final String FEATURE = "http://hl7.org/fhir/uv/application-feature/StructureDefinition/feature";

	private TerminologyCapabilities terminologyCapabilities() {
		var response = get("/metadata?mode=terminology");
		assertThat(response.statusCode()).isEqualTo(200);
		return parse(response, TerminologyCapabilities.class);
	}

	private CapabilityStatement capabilityStatement() {
		var response = get("/metadata");
		assertThat(response.statusCode()).isEqualTo(200);
		return parse(response, CapabilityStatement.class);
	}

	@Test
	void terminologyModeAnswersTerminologyCapabilitiesWithEveryHostedCodeSystem() {
		TerminologyCapabilities capabilities = terminologyCapabilities();
		CodeSystem cpt = ShippedContent.read("CodeSystem-cpt.json", CodeSystem.class);
		assertThat(capabilities.getCodeSystem()).extracting(TerminologyCapabilitiesCodeSystemComponent::getUri)
			.contains(CPT, HCPCS);
		TerminologyCapabilitiesCodeSystemComponent entry = capabilities.getCodeSystem()
			.stream()
			.filter(c -> c.getUri().equals(CPT))
			.findFirst()
			.orElseThrow();
		assertThat(entry.getVersionFirstRep().getCode()).isEqualTo(cpt.getVersion());
		assertThat(entry.getVersionFirstRep().getIsDefault()).isTrue();
		// code:modifier expressions make CPT compositional here
		assertThat(entry.getVersionFirstRep().getCompositional()).isTrue();
		assertThat(entry.getVersionFirstRep().getProperty()).extracting(p -> p.getValue()).contains("modifier");
	}

	@Test
	void terminologyCapabilitiesListTheExpansionParametersAndOperations() {
		TerminologyCapabilities capabilities = terminologyCapabilities();
		assertThat(capabilities.getExpansion().getParameter()).extracting(p -> p.getName())
			.contains("activeOnly", "check-system-version", "count", "displayLanguage", "excludeNested",
					"force-system-version", "includeDefinition", "includeDesignations", "offset", "property",
					"system-version", "tx-resource", "filter");
		assertThat(capabilities.getExpansion().getPaging()).isTrue();
		assertThat(capabilities.getCodeSearch()).isEqualTo(TerminologyCapabilities.CodeSearchSupport.EXPLICIT);
		// validate-code does not check translations: the claim must be made, and made as false
		assertThat(capabilities.getValidateCode().getTranslationsElement().getValue()).as("validateCode.translations")
			.isFalse();
		assertThat(capabilities.getTranslation().getNeedsMap()).isTrue();
		assertThat(capabilities.getKind()).isEqualTo(TerminologyCapabilities.CapabilityStatementKind.INSTANCE);
	}

	@Test
	void plainMetadataStaysACapabilityStatementAfterATerminologyRequest() {
		terminologyCapabilities();
		assertThat(capabilityStatement().getFhirVersion().toCode()).isEqualTo("4.0.1");
	}

	@Test
	void capabilityStatementMakesOnlyTheTerminologyClaimsThatAreTrue() {
		CapabilityStatement statement = capabilityStatement();
		assertThat(statement.getInstantiates()).extracting(c -> c.getValue())
			.contains("http://hl7.org/fhir/CapabilityStatement/terminology-server");
		List<Extension> features = statement.getExtensionsByUrl(FEATURE);
		assertThat(features).anySatisfy(feature -> {
			assertThat(feature.getExtensionByUrl("definition").getValue().primitiveValue())
				.isEqualTo("http://hl7.org/fhir/uv/tx-ecosystem/FeatureDefinition/CodeSystemAsParameter");
			assertThat(feature.getExtensionByUrl("value").getValue().primitiveValue()).isEqualTo("true");
		});
		// the release of HL7's terminology ecosystem tests it passes (EcosystemSuiteIT), which HL7's validator requires
		assertThat(features).anySatisfy(feature -> {
			assertThat(feature.getExtensionByUrl("definition").getValue().primitiveValue())
				.isEqualTo("http://hl7.org/fhir/uv/tx-tests/FeatureDefinition/test-version");
			assertThat(feature.getExtensionByUrl("value").getValue().primitiveValue()).isEqualTo("1.9.3");
		});
	}

	@Test
	void everyTerminologyOperationNamesHl7sOperationDefinition() {
		CapabilityStatement statement = capabilityStatement();
		assertThat(operation(statement, "CodeSystem", "lookup").getDefinition())
			.isEqualTo("http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup");
		assertThat(operation(statement, "CodeSystem", "validate-code").getDefinition())
			.isEqualTo("http://hl7.org/fhir/OperationDefinition/CodeSystem-validate-code");
		assertThat(operation(statement, "CodeSystem", "subsumes").getDefinition())
			.isEqualTo("http://hl7.org/fhir/OperationDefinition/CodeSystem-subsumes");
		assertThat(operation(statement, "ValueSet", "expand").getDefinition())
			.isEqualTo("http://hl7.org/fhir/OperationDefinition/ValueSet-expand");
		assertThat(operation(statement, "ValueSet", "validate-code").getDefinition())
			.isEqualTo("http://hl7.org/fhir/OperationDefinition/ValueSet-validate-code");
		assertThat(operation(statement, "ConceptMap", "translate").getDefinition())
			.isEqualTo("http://hl7.org/fhir/OperationDefinition/ConceptMap-translate");
		assertThat(statement.getRestFirstRep().getOperation()).anySatisfy(op -> {
			assertThat(op.getName()).isEqualTo("versions");
			assertThat(op.getDefinition()).isEqualTo("http://hl7.org/fhir/OperationDefinition/CapabilityStatement-versions");
		});
	}

	private static CapabilityStatementRestResourceOperationComponent operation(CapabilityStatement statement, String type,
			String name) {
		CapabilityStatementRestResourceComponent resource = statement.getRestFirstRep()
			.getResource()
			.stream()
			.filter(r -> r.getType().equals(type))
			.findFirst()
			.orElseThrow();
		return resource.getOperation().stream().filter(op -> op.getName().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void versionsNamesR4AsTheOnlyAndDefaultVersion() {
		var response = get("/$versions");
		assertThat(response.statusCode()).isEqualTo(200);
		Parameters versions = parse(response, Parameters.class);
		assertThat(versions.getParameterValue("default").primitiveValue()).isEqualTo("4.0");
		assertThat(versions.getParameter()).filteredOn(p -> p.getName().equals("version"))
			.extracting(p -> p.getValue().primitiveValue())
			.containsExactly("4.0");
	}

}
