package org.billingterminology.terminology.validation;

import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.ServerSettings;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.stored.Snapshots;
import org.billingterminology.terminology.request.Codings;
import org.billingterminology.terminology.request.OperationInput;
import org.billingterminology.terminology.request.OperationRequest;
import org.billingterminology.terminology.request.ReplacingOperationProvider;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;

import org.springframework.stereotype.Component;

/**
 * $validate-code on ValueSet, and tx.fhir.org's $batch-validate-code, answered from the
 * terminology model. The typed parameters are the R4 ones HAPI binds and documents; the
 * ecosystem's further parameters (tx-resource, version rules, lenient-display-validation...) are
 * read through the {@link OperationRequest}.
 */
@Component
class ValueSetValidateCode implements ReplacingOperationProvider {

	private final Snapshots snapshots;

	private final ServerSettings settings;

	ValueSetValidateCode(Snapshots snapshots, ServerSettings settings) {
		this.snapshots = snapshots;
		this.settings = settings;
	}

	@Operation(name = "$validate-code", typeName = "ValueSet", idempotent = true,
			// the definition the CapabilityStatement names; HAPI also resolves it to this binding (OpenAPI)
			canonicalUrl = "http://hl7.org/fhir/OperationDefinition/ValueSet-validate-code")
	public Parameters validateCode(@IdParam(optional = true) IdType id,
			@OperationParam(name = "url", typeName = "uri") UriType url,
			@OperationParam(name = "valueSetVersion", typeName = "string") StringType valueSetVersion,
			@OperationParam(name = "valueSet", typeName = "ValueSet") ValueSet inline,
			@OperationParam(name = "code", typeName = "code") CodeType code,
			@OperationParam(name = "system", typeName = "uri") UriType system,
			@OperationParam(name = "systemVersion", typeName = "string") StringType systemVersion,
			@OperationParam(name = "display", typeName = "string") StringType display,
			@OperationParam(name = "coding", typeName = "Coding") Coding coding,
			@OperationParam(name = "codeableConcept", typeName = "CodeableConcept") CodeableConcept codeableConcept,
			@OperationParam(name = "inferSystem", typeName = "boolean") BooleanType inferSystem,
			RequestDetails details) {
		OperationRequest call = OperationRequest.of(details, snapshots);
		ValueSet valueSet = call.valueSet(id, url, valueSetVersion, inline);
		Coding wanted = codeableConcept != null ? null : Codings.coding(code, system, systemVersion, coding, "code", "system");
		if (wanted != null && display != null) {
			wanted.setDisplay(display.getValue());
		}
		return validate(call.answering(valueSet), valueSet, wanted, coding != null, codeableConcept);
	}

	/**
	 * Several validations against one value set in one request (tx.fhir.org's batch-validate-code,
	 * which HL7's tools use): each {@code validation} parameter is a Parameters holding one
	 * $validate-code request; the value set, tx-resources and settings outside them are shared.
	 */
	@Operation(name = "$batch-validate-code", typeName = "ValueSet", idempotent = false)
	public Parameters batchValidateCode(@OperationParam(name = "url", typeName = "uri") UriType url,
			@OperationParam(name = "valueSetVersion", typeName = "string") StringType valueSetVersion,
			@OperationParam(name = "valueSet", typeName = "ValueSet") ValueSet inline,
			@OperationParam(name = "validation", typeName = "Parameters", max = OperationParam.MAX_UNLIMITED) List<Parameters> validations,
			RequestDetails details) {
		OperationRequest shared = OperationRequest.of(details, snapshots);
		ValueSet valueSet = shared.valueSet(null, url, valueSetVersion, inline);
		Parameters result = new Parameters();
		for (Parameters one : validations == null ? List.<Parameters>of() : validations) {
			OperationRequest request = shared.overriddenBy(one);
			OperationInput input = request.input();
			Coding coding = input.value("coding") instanceof Coding c ? c.copy() : null;
			CodeableConcept concept = input.value("codeableConcept") instanceof CodeableConcept c ? c : null;
			Coding wanted = concept != null ? null : coding != null ? coding : codeFrom(input);
			if (concept == null && (wanted == null || wanted.getCode() == null)) {
				result.addParameter().setName("validation").setResource(Failures.plainOutcome(IssueType.INVALID,
						"Unable to find code to validate (looked for coding | codeableConcept | code+system | code+inferSystem in parameters"));
				continue;
			}
			result.addParameter().setName("validation")
				.setResource(validate(request.answering(valueSet), valueSet, wanted, coding != null, concept));
		}
		return result;
	}

	private static Coding codeFrom(OperationInput input) {
		if (input.string("code") == null) {
			return null;
		}
		Coding coding = new Coding(input.string("system"), input.string("code"), input.string("display"));
		coding.setVersion(input.string("systemVersion"));
		return coding;
	}

	private Parameters validate(OperationRequest request, ValueSet valueSet, Coding wanted, boolean asCoding,
			CodeableConcept codeableConcept) {
		CodingValidator validator = new CodingValidator(request, settings.maxExpansionSize());
		var missing = validator.contents().missingImport(valueSet);
		if (missing.isPresent()) {
			Validation validation = new Validation();
			validation.error(IssueType.NOTFOUND, "not-found", Hl7Messages.unknownValueSet(missing.get()), null);
			if (codeableConcept != null) {
				validation.codeableConcept(codeableConcept);
			}
			return validation.toParameters();
		}
		if (codeableConcept != null) {
			return validator.validate(codeableConcept, valueSet).toParameters();
		}
		if (wanted == null || wanted.getCode() == null) {
			throw new InvalidRequestException("$validate-code needs a code, a coding or a codeableConcept");
		}
		CodingPaths paths = asCoding ? CodingPaths.CODING : CodingPaths.PARAMETERS;
		if (wanted.getSystem() == null && request.options().flag("inferSystem", false)) {
			Validation failure = SystemInference.infer(validator.contents(), valueSet, wanted, paths);
			if (failure != null) {
				return failure.toParameters();
			}
		}
		return validator.validate(wanted, valueSet, paths).toParameters();
	}

}
