package org.billingterminology.terminology.validation;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.ServerSettings;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.stored.Snapshots;
import org.billingterminology.terminology.request.Codings;
import org.billingterminology.terminology.request.OperationRequest;
import org.billingterminology.terminology.request.ReplacingOperationProvider;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

import org.springframework.stereotype.Component;

/** $validate-code on CodeSystem: is the code one of the code system's, with the right display. */
@Component
class CodeSystemValidateCode implements ReplacingOperationProvider {

	private final Snapshots snapshots;

	private final ServerSettings settings;

	CodeSystemValidateCode(Snapshots snapshots, ServerSettings settings) {
		this.snapshots = snapshots;
		this.settings = settings;
	}

	@Operation(name = "$validate-code", typeName = "CodeSystem", idempotent = true,
			// the definition the CapabilityStatement names; HAPI also resolves it to this binding (OpenAPI)
			canonicalUrl = "http://hl7.org/fhir/OperationDefinition/CodeSystem-validate-code")
	public Parameters validateCode(@IdParam(optional = true) IdType id,
			@OperationParam(name = "url", typeName = "uri") UriType url,
			@OperationParam(name = "version", typeName = "string") StringType version,
			@OperationParam(name = "code", typeName = "code") CodeType code,
			@OperationParam(name = "display", typeName = "string") StringType display,
			@OperationParam(name = "coding", typeName = "Coding") Coding coding,
			@OperationParam(name = "codeableConcept", typeName = "CodeableConcept") CodeableConcept codeableConcept,
			@OperationParam(name = "system", typeName = "uri") UriType system,
			RequestDetails details) {
		OperationRequest request = OperationRequest.of(details, snapshots).answering(null);
		UriType codeSystemUrl = url != null ? url : system;
		if (id != null && id.hasIdPart()) {
			CodeSystem stored = (CodeSystem) request.snapshot()
				.byId("CodeSystem", id.getIdPart())
				.orElseThrow(() -> Failures.notFound("CodeSystem/" + id.getIdPart() + " is not known"));
			codeSystemUrl = new UriType(stored.getUrl());
			version = version != null ? version : new StringType(stored.getVersion());
		}
		CodingValidator validator = new CodingValidator(request, settings.maxExpansionSize());
		if (codeableConcept != null) {
			return validator.validate(codeableConcept, null).toParameters();
		}
		Coding wanted = Codings.coding(code, codeSystemUrl, version, coding, "code", "url");
		if (display != null) {
			wanted.setDisplay(display.getValue());
		}
		if (wanted.getCode() == null) {
			throw new InvalidRequestException("$validate-code needs a code, a coding or a codeableConcept");
		}
		return validator.validate(wanted, null, coding != null ? CodingPaths.CODING : CodingPaths.PARAMETERS)
			.toParameters();
	}

}
