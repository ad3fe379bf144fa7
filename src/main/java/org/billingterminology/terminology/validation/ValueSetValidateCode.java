package org.billingterminology.terminology.validation;

import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.ServerSettings;
import org.billingterminology.terminology.expansion.Expander;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.Snapshots;
import org.billingterminology.terminology.model.Supplements;
import org.billingterminology.terminology.request.AnswerOptions;
import org.billingterminology.terminology.request.Codings;
import org.billingterminology.terminology.request.OperationInput;
import org.billingterminology.terminology.request.ReplacingOperationProvider;
import org.billingterminology.terminology.valueset.ExpansionItem;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;

import org.springframework.stereotype.Component;

/**
 * $expand and $validate-code on ValueSet, answered from the terminology model. The typed
 * parameters are the R4 ones HAPI binds and documents; the terminology ecosystem's further
 * parameters (tx-resource, version rules, lenient-display-validation...) are read through
 * {@link AnswerOptions}.
 */
@Component
class ValueSetValidateCode implements ReplacingOperationProvider {

	private final Snapshots snapshots;

	private final ServerSettings settings;

	ValueSetValidateCode(Snapshots snapshots, ServerSettings settings) {
		this.snapshots = snapshots;
		this.settings = settings;
	}

	@Operation(name = "$expand", typeName = "ValueSet", idempotent = true)
	public ValueSet expand(@IdParam(optional = true) IdType id,
			@OperationParam(name = "url", typeName = "uri") UriType url,
			@OperationParam(name = "valueSetVersion", typeName = "string") StringType valueSetVersion,
			@OperationParam(name = "valueSet", typeName = "ValueSet") ValueSet inline,
			@OperationParam(name = "filter", typeName = "string") StringType filter,
			@OperationParam(name = "offset", typeName = "integer") IntegerType offset,
			@OperationParam(name = "count", typeName = "integer") IntegerType count,
			@OperationParam(name = "activeOnly", typeName = "boolean") BooleanType activeOnly,
			@OperationParam(name = "includeDesignations", typeName = "boolean") BooleanType includeDesignations,
			@OperationParam(name = "includeDefinition", typeName = "boolean") BooleanType includeDefinition,
			@OperationParam(name = "displayLanguage", typeName = "code") CodeType displayLanguage,
			RequestDetails request) {
		int first = nonNegative(offset, "offset", 0);
		int size = nonNegative(count, "count", -1);
		if (size > settings.maxExpansionSize()) {
			throw new InvalidRequestException("count may be at most " + settings.maxExpansionSize());
		}
		OperationInput input = OperationInput.of(request);
		Snapshot snapshot = snapshots.snapshot(input);
		ValueSet valueSet = valueSet(snapshot, id, url, valueSetVersion, inline);
		AnswerOptions options = AnswerOptions.of(input).withDefaultsFrom(valueSet);
		Supplements supplements = Supplements.apply(snapshot, input, valueSet);
		return new Expander(supplements.snapshot(), options, settings.maxExpansionSize()).expand(valueSet, first, size,
				supplements.used());
	}

	private static int nonNegative(IntegerType value, String name, int otherwise) {
		if (value == null || value.getValue() == null) {
			return otherwise;
		}
		if (value.getValue() < 0) {
			throw new InvalidRequestException("The " + name + " parameter must not be negative");
		}
		return value.getValue();
	}

	static ValueSet valueSet(Snapshot snapshot, IdType id, UriType url, StringType version, ValueSet inline) {
		if (inline != null) {
			return inline;
		}
		if (id != null && id.hasIdPart()) {
			return (ValueSet) snapshot.byId("ValueSet", id.getIdPart())
				.orElseThrow(() -> Failures.notFound("ValueSet/" + id.getIdPart() + " is not known"));
		}
		if (url == null || url.isEmpty()) {
			throw new InvalidRequestException("Say which ValueSet: a url, an inline valueSet, or ValueSet/[id]");
		}
		String wanted = Codings.value(version);
		return snapshot.valueSet(url.getValue(), wanted)
			.orElseThrow(() -> Failures.notFound(Hl7Messages.unknownValueSet(url.getValue() + (wanted == null ? "" : "|" + wanted))));
	}

	@Operation(name = "$validate-code", typeName = "ValueSet", idempotent = true)
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
			RequestDetails request) {
		OperationInput input = OperationInput.of(request);
		Snapshot snapshot = snapshots.snapshot(input);
		ValueSet valueSet = valueSet(snapshot, id, url, valueSetVersion, inline);
		Coding wanted = codeableConcept != null ? null : Codings.coding(code, system, systemVersion, coding, "code", "system");
		if (wanted != null && display != null) {
			wanted.setDisplay(display.getValue());
		}
		return validate(snapshot, valueSet, input, wanted, coding != null, codeableConcept);
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
			RequestDetails request) {
		OperationInput shared = OperationInput.of(request);
		Snapshot snapshot = snapshots.snapshot(shared);
		ValueSet valueSet = valueSet(snapshot, null, url, valueSetVersion, inline);
		Parameters result = new Parameters();
		for (Parameters one : validations == null ? List.<Parameters>of() : validations) {
			OperationInput input = shared.overriddenBy(one);
			Coding coding = input.value("coding") instanceof Coding c ? c.copy() : null;
			CodeableConcept concept = input.value("codeableConcept") instanceof CodeableConcept c ? c : null;
			Coding wanted = concept != null ? null : coding != null ? coding : codeFrom(input);
			if (concept == null && (wanted == null || wanted.getCode() == null)) {
				result.addParameter().setName("validation").setResource(Failures.plainOutcome(IssueType.INVALID,
						"Unable to find code to validate (looked for coding | codeableConcept | code+system | code+inferSystem in parameters"));
				continue;
			}
			result.addParameter().setName("validation")
				.setResource(validate(snapshot, valueSet, input, wanted, coding != null, concept));
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

	private Parameters validate(Snapshot stored, ValueSet valueSet, OperationInput input, Coding wanted,
			boolean asCoding, CodeableConcept codeableConcept) {
		AnswerOptions options = AnswerOptions.of(input).withDefaultsFrom(valueSet);
		Snapshot snapshot = Supplements.apply(stored, input, valueSet).snapshot();
		CodingValidator validator = new CodingValidator(snapshot, settings.maxExpansionSize(), options);
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
		if (wanted.getSystem() == null && options.flag("inferSystem", false)) {
			Validation failure = inferSystem(validator, valueSet, wanted, paths);
			if (failure != null) {
				return failure.toParameters();
			}
		}
		return validator.validate(wanted, valueSet, paths).toParameters();
	}

	/**
	 * inferSystem: the one system of the value set that holds the code. When none or several do,
	 * the answer says so and the code is not in the value set.
	 */
	private Validation inferSystem(CodingValidator validator, ValueSet valueSet, Coding wanted, CodingPaths paths) {
		List<String> systems = validator.contents()
			.members(valueSet)
			.stream()
			.filter(item -> item.code().equals(wanted.getCode()))
			.map(ExpansionItem::system)
			.distinct()
			.toList();
		if (systems.size() == 1) {
			wanted.setSystem(systems.get(0));
			return null;
		}
		Validation validation = new Validation();
		validation.code(null, wanted.getCode());
		String describedValueSet = CodingValidator.describe(valueSet);
		String text = systems.isEmpty() ? Hl7Messages.cannotInferSystem(wanted.getCode(), describedValueSet)
				: Hl7Messages.cannotInferSystem(wanted.getCode(), describedValueSet)
						+ ": value set expansion has multiple matches: [" + String.join(", ", systems) + "]";
		validation.add(new Validation.Issue(IssueSeverity.ERROR, IssueType.NOTFOUND, "cannot-infer", text, paths.code(),
				true));
		validation.error(IssueType.CODEINVALID, "not-in-vs",
				Hl7Messages.notInValueSet("#" + wanted.getCode(), describedValueSet), paths.code());
		return validation;
	}

}
