package org.billingterminology.terminology.lookup;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.billingterminology.ServerSettings;
import org.billingterminology.terminology.expansion.Expander;
import org.billingterminology.terminology.model.CodeResolution;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.LanguagePreference;
import org.billingterminology.terminology.model.ResolvedCode;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.Snapshots;
import org.billingterminology.terminology.model.Supplements;
import org.billingterminology.terminology.request.AnswerOptions;
import org.billingterminology.terminology.request.Codings;
import org.billingterminology.terminology.request.OperationInput;
import org.billingterminology.terminology.request.ReplacingOperationProvider;
import org.billingterminology.terminology.validation.CodingPaths;
import org.billingterminology.terminology.validation.CodingValidator;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptPropertyComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;

import org.springframework.stereotype.Component;

/** $lookup, $validate-code and $subsumes on CodeSystem, answered from the terminology model. */
@Component
class LookupOperations implements ReplacingOperationProvider {

	private final Snapshots snapshots;

	private final ServerSettings settings;

	LookupOperations(Snapshots snapshots, ServerSettings settings) {
		this.snapshots = snapshots;
		this.settings = settings;
	}

	@Operation(name = "$lookup", typeName = "CodeSystem", idempotent = true)
	public Parameters lookup(@OperationParam(name = "code", typeName = "code") CodeType code,
			@OperationParam(name = "system", typeName = "uri") UriType system,
			@OperationParam(name = "version", typeName = "string") StringType version,
			@OperationParam(name = "coding", typeName = "Coding") Coding coding,
			@OperationParam(name = "displayLanguage", typeName = "code") CodeType displayLanguage,
			@OperationParam(name = "property", typeName = "code", max = OperationParam.MAX_UNLIMITED) List<CodeType> properties,
			RequestDetails request) {
		Coding wanted = Codings.coding(code, system, version, coding, "code", "system");
		if (wanted.getSystem() == null || wanted.getCode() == null) {
			throw new InvalidRequestException("$lookup needs a code and a system, or a coding");
		}
		OperationInput input = OperationInput.of(request);
		Supplements supplements = Supplements.apply(snapshots.snapshot(input), input, null);
		Snapshot snapshot = supplements.snapshot();
		CodeSystemIndex codeSystem = snapshot.codeSystem(wanted.getSystem(), wanted.getVersion())
			.orElseThrow(() -> new ResourceNotFoundException(unknownSystem(snapshot, wanted)));
		CodeResolution resolution = CodeResolution.resolve(codeSystem, wanted.getCode());
		if (!resolution.isFound()) {
			throw Failures.notFound(resolution.problem());
		}
		Parameters result = lookupResult(resolution.found(), Codings.value(displayLanguage), wantedProperties(properties));
		supplements.used().forEach(s -> result.addParameter("used-supplement", new CanonicalType(s)));
		return result;
	}

	private static String unknownSystem(Snapshot snapshot, Coding coding) {
		if (snapshot.knowsSystem(coding.getSystem())) {
			return "The CodeSystem '" + coding.getSystem() + "' has no version '" + coding.getVersion()
					+ "'; known versions: " + snapshot.versionsOf(coding.getSystem());
		}
		return "The CodeSystem '" + coding.getSystem() + "' is not known to this server";
	}

	private static Set<String> wantedProperties(List<CodeType> properties) {
		if (properties == null || properties.isEmpty()) {
			return null;
		}
		Set<String> codes = properties.stream().map(CodeType::getValue).collect(Collectors.toSet());
		return codes.contains("*") ? null : codes;
	}

	private Parameters lookupResult(ResolvedCode resolved, String displayLanguage, Set<String> wanted) {
		CodeSystemIndex codeSystem = resolved.codeSystem();
		CodeSystem resource = codeSystem.resource();
		ConceptDefinitionComponent concept = resolved.concept();
		Parameters result = new Parameters();
		result.addParameter("name", new StringType(resource.hasName() ? resource.getName() : resource.getTitle()));
		if (codeSystem.version() != null) {
			result.addParameter("version", new StringType(codeSystem.version()));
		}
		result.addParameter("display",
				new StringType(CodingValidator.displayFor(resolved, LanguagePreference.parse(displayLanguage))));
		result.addParameter("code", new CodeType(resolved.code()));
		result.addParameter("system", new UriType(codeSystem.url()));
		result.addParameter("abstract", new BooleanType(codeSystem.isAbstract(concept)));
		if (concept.hasDefinition() && !resolved.isExpression()) {
			result.addParameter("definition", new StringType(concept.getDefinition()));
		}
		if (include(wanted, "designation")) {
			if (resource.hasLanguage() && !resolved.isExpression()) {
				// the display is the designation preferred for the code system's own language
				addDesignation(result, resource.getLanguage(), new Coding(Expander.PREFERRED_FOR_LANGUAGE,
						"preferredForLanguage", "Preferred For Language"), concept.getDisplay());
			}
			for (ConceptDefinitionDesignationComponent designation : concept.getDesignation()) {
				ParametersParameterComponent part = addDesignation(result, designation.getLanguage(),
						designation.hasUse() ? designation.getUse() : null, designation.getValue());
				if (designation.hasExtension(Supplements.SOURCE)) {
					// the designation came from a supplement: say which (before the value, as parts are ordered)
					part.getPart().add(part.getPart().size() - 1, new ParametersParameterComponent().setName("source")
						.setValue(designation.getExtensionByUrl(Supplements.SOURCE).getValue()));
				}
			}
		}
		boolean declaresInactive = false;
		for (ConceptPropertyComponent property : concept.getProperty()) {
			declaresInactive |= "inactive".equals(property.getCode());
			if (include(wanted, property.getCode())) {
				Type value = resolved.isExpression() && "modified".equals(property.getCode()) ? new BooleanType(true)
						: property.getValue();
				addProperty(result, property.getCode(), value);
			}
		}
		if (!declaresInactive && include(wanted, "inactive")) {
			addProperty(result, "inactive", new BooleanType(resolved.inactive()));
		}
		for (ConceptDefinitionComponent modifier : resolved.modifiers()) {
			if (include(wanted, "modifier-code")) {
				addProperty(result, "modifier-code", new Coding(codeSystem.url(), modifier.getCode(), modifier.getDisplay()));
			}
		}
		if (!resolved.isExpression()) {
			if (include(wanted, "parent")) {
				codeSystem.parentsOf(concept.getCode()).forEach(parent -> addProperty(result, "parent", new CodeType(parent)));
			}
			if (include(wanted, "child")) {
				codeSystem.childrenOf(concept.getCode()).forEach(child -> addProperty(result, "child", new CodeType(child)));
			}
		}
		return result;
	}

	private static ParametersParameterComponent addDesignation(Parameters result, String language, Coding use,
			String value) {
		ParametersParameterComponent part = result.addParameter().setName("designation");
		if (language != null) {
			part.addPart().setName("language").setValue(new CodeType(language));
		}
		if (use != null) {
			part.addPart().setName("use").setValue(use);
		}
		part.addPart().setName("value").setValue(new StringType(value));
		return part;
	}

	private static boolean include(Set<String> wanted, String property) {
		return wanted == null || wanted.contains(property);
	}

	private static void addProperty(Parameters result, String code, Type value) {
		ParametersParameterComponent property = result.addParameter().setName("property");
		property.addPart().setName("code").setValue(new CodeType(code));
		property.addPart().setName("value").setValue(value);
	}

	@Operation(name = "$validate-code", typeName = "CodeSystem", idempotent = true)
	public Parameters validateCode(@IdParam(optional = true) IdType id,
			@OperationParam(name = "url", typeName = "uri") UriType url,
			@OperationParam(name = "version", typeName = "string") StringType version,
			@OperationParam(name = "code", typeName = "code") CodeType code,
			@OperationParam(name = "display", typeName = "string") StringType display,
			@OperationParam(name = "coding", typeName = "Coding") Coding coding,
			@OperationParam(name = "codeableConcept", typeName = "CodeableConcept") CodeableConcept codeableConcept,
			@OperationParam(name = "system", typeName = "uri") UriType system,
			RequestDetails request) {
		OperationInput input = OperationInput.of(request);
		Snapshot snapshot = Supplements.apply(snapshots.snapshot(input), input, null).snapshot();
		UriType codeSystemUrl = url != null ? url : system;
		if (id != null && id.hasIdPart()) {
			CodeSystem stored = (CodeSystem) snapshot.byId("CodeSystem", id.getIdPart())
				.orElseThrow(() -> Failures.notFound("CodeSystem/" + id.getIdPart() + " is not known"));
			codeSystemUrl = new UriType(stored.getUrl());
			version = version != null ? version : new StringType(stored.getVersion());
		}
		CodingValidator validator = new CodingValidator(snapshot, settings.maxExpansionSize(), AnswerOptions.of(input));
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
		return validator.validate(wanted, null, coding != null ? CodingPaths.CODING : CodingPaths.PARAMETERS).toParameters();
	}

	@Operation(name = "$subsumes", typeName = "CodeSystem", idempotent = true)
	public Parameters subsumes(@IdParam(optional = true) IdType id,
			@OperationParam(name = "codeA", typeName = "code") CodeType codeA,
			@OperationParam(name = "codeB", typeName = "code") CodeType codeB,
			@OperationParam(name = "system", typeName = "uri") UriType system,
			@OperationParam(name = "version", typeName = "string") StringType version,
			@OperationParam(name = "codingA", typeName = "Coding") Coding codingA,
			@OperationParam(name = "codingB", typeName = "Coding") Coding codingB,
			RequestDetails request) {
		Snapshot snapshot = snapshots.snapshot(OperationInput.of(request));
		if (id != null && id.hasIdPart()) {
			CodeSystem stored = (CodeSystem) snapshot.byId("CodeSystem", id.getIdPart())
				.orElseThrow(() -> new ResourceNotFoundException("CodeSystem/" + id.getIdPart() + " is not known"));
			system = new UriType(stored.getUrl());
		}
		Coding a = Codings.coding(codeA, system, version, codingA, "codeA", "system");
		Coding b = Codings.coding(codeB, system, version, codingB, "codeB", "system");
		if (a.getCode() == null || b.getCode() == null || a.getSystem() == null || b.getSystem() == null) {
			throw new InvalidRequestException("$subsumes needs codeA, codeB and system, or codingA and codingB");
		}
		if (!snapshot.canonicalSystem(a.getSystem()).equals(snapshot.canonicalSystem(b.getSystem()))) {
			throw new InvalidRequestException("$subsumes compares codes of one code system; got '" + a.getSystem()
					+ "' and '" + b.getSystem() + "'");
		}
		CodeSystemIndex codeSystem = snapshot.codeSystem(a.getSystem(), a.getVersion())
			.orElseThrow(() -> new ResourceNotFoundException(unknownSystem(snapshot, a)));
		ResolvedCode resolvedA = resolveOrFail(codeSystem, a.getCode());
		ResolvedCode resolvedB = resolveOrFail(codeSystem, b.getCode());
		Parameters result = new Parameters();
		result.addParameter("outcome", new CodeType(Subsumption.outcome(resolvedA, resolvedB)));
		return result;
	}

	private static ResolvedCode resolveOrFail(CodeSystemIndex codeSystem, String code) {
		CodeResolution resolution = CodeResolution.resolve(codeSystem, code);
		if (!resolution.isFound()) {
			throw new InvalidRequestException(resolution.problem());
		}
		return resolution.found();
	}

}
