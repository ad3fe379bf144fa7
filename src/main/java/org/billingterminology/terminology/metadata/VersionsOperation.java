package org.billingterminology.terminology.metadata;

import ca.uhn.fhir.rest.annotation.Operation;
import org.billingterminology.terminology.request.ReplacingOperationProvider;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

import org.springframework.stereotype.Component;

/**
 * {@code $versions}: the FHIR versions this server speaks. Terminology clients (HL7's validator
 * and test runner) ask it first to pick their R4 or R5 client.
 */
@Component
class VersionsOperation implements ReplacingOperationProvider {

	static final String FHIR_VERSION = "4.0";

	@Operation(name = "$versions", idempotent = true,
			// the definition the CapabilityStatement names; HAPI also resolves it to this binding (OpenAPI)
			canonicalUrl = "http://hl7.org/fhir/OperationDefinition/CapabilityStatement-versions")
	public Parameters versions() {
		Parameters result = new Parameters();
		result.addParameter("version", new StringType(FHIR_VERSION));
		result.addParameter("default", new StringType(FHIR_VERSION));
		return result;
	}

}
