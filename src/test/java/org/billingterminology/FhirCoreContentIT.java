package org.billingterminology;

import java.util.List;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.TerminologyCapabilities;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FHIR R4's own code systems and value sets answer beside ours, read-only, and never over them:
 * what a client sends (or an operator stores) under the same url wins.
 */
class FhirCoreContentIT extends ServerTestSupport {

	private static final String GENDER = "http://hl7.org/fhir/administrative-gender";

	private static final String GENDER_VALUE_SET = "http://hl7.org/fhir/ValueSet/administrative-gender";

	private ValueSet expand(Parameters request) {
		return client().operation().onType(ValueSet.class).named("$expand").withParameters(request)
			.returnResourceType(ValueSet.class).execute();
	}

	private static List<String> codes(ValueSet expansion) {
		return expansion.getExpansion().getContains().stream().map(ValueSet.ValueSetExpansionContainsComponent::getCode).toList();
	}

	@Test
	void fhirsOwnValueSetExpandsAndItsCodesLookUp() {
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(GENDER_VALUE_SET));
		assertThat(codes(expand(request))).containsExactly("male", "female", "other", "unknown");

		Parameters lookup = client().operation().onType(CodeSystem.class).named("$lookup")
			.withParameter(Parameters.class, "system", new UriType(GENDER))
			.andParameter("code", new CodeType("female"))
			.execute();
		assertThat(lookup.getParameterValue("display").primitiveValue()).isEqualTo("Female");
	}

	@Test
	void aCodeSystemSentInTheRequestWinsOverFhirsCopy() {
		CodeSystem sent = new CodeSystem().setUrl(GENDER).setVersion("9.9.9").setStatus(PublicationStatus.ACTIVE)
			.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		sent.addConcept().setCode("nonbinary").setDisplay("Non-binary");
		ValueSet all = new ValueSet().setUrl("http://example.org/core/ValueSet/gender-all").setStatus(PublicationStatus.ACTIVE);
		all.getCompose().addInclude().setSystem(GENDER);
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(all.getUrl()));
		request.addParameter().setName("tx-resource").setResource(sent);
		request.addParameter().setName("tx-resource").setResource(all);
		assertThat(codes(expand(request))).containsExactly("nonbinary");

		// and with a version older than FHIR's copy claims: still the one sent, never the core copy
		sent.setVersion("0.1");
		assertThat(codes(expand(request))).containsExactly("nonbinary");
	}

	@Test
	void theTerminologyCapabilitiesListFhirsCodeSystems() {
		TerminologyCapabilities capabilities = client().fetchResourceFromUrl(TerminologyCapabilities.class,
				base() + "/metadata?mode=terminology");
		assertThat(capabilities.getCodeSystem()).extracting(TerminologyCapabilities.TerminologyCapabilitiesCodeSystemComponent::getUri)
			.contains(GENDER, "http://hl7.org/fhir/publication-status", "http://terminology.hl7.org/CodeSystem/v3-ActReason");
	}

	@Test
	void excludeNestedStillFlattensFhirsHierarchies() {
		Parameters request = new Parameters();
		request.addParameter("url", new UriType("http://terminology.hl7.org/ValueSet/v3-ActReason"));
		request.addParameter("excludeNested", new BooleanType(true));
		assertThat(expand(request).getExpansion().getContains()).allMatch(c -> !c.hasContains()).hasSizeGreaterThan(100);
	}

}
