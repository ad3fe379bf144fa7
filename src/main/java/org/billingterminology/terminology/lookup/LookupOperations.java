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
import org.billingterminology.terminology.model.CodeResolution;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.LanguagePreference;
import org.billingterminology.terminology.model.ResolvedCode;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.stored.Snapshots;
import org.billingterminology.terminology.request.Codings;
import org.billingterminology.terminology.request.OperationRequest;
import org.billingterminology.terminology.request.ReplacingOperationProvider;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

import org.springframework.stereotype.Component;

/** $lookup and $subsumes on CodeSystem, answered from the terminology model. */
@Component
class LookupOperations implements ReplacingOperationProvider {

	private final Snapshots snapshots;

	LookupOperations(Snapshots snapshots) {
		this.snapshots = snapshots;
	}

	@Operation(name = "$lookup", typeName = "CodeSystem", idempotent = true,
			// the definition the CapabilityStatement names; HAPI also resolves it to this binding (OpenAPI)
			canonicalUrl = "http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup")
	public Parameters lookup(@OperationParam(name = "code", typeName = "code") CodeType code,
			@OperationParam(name = "system", typeName = "uri") UriType system,
			@OperationParam(name = "version", typeName = "string") StringType version,
			@OperationParam(name = "coding", typeName = "Coding") Coding coding,
			@OperationParam(name = "displayLanguage", typeName = "code") CodeType displayLanguage,
			@OperationParam(name = "property", typeName = "code", max = OperationParam.MAX_UNLIMITED) List<CodeType> properties,
			RequestDetails details) {
		Coding wanted = Codings.coding(code, system, version, coding, "code", "system");
		if (wanted.getSystem() == null || wanted.getCode() == null) {
			throw new InvalidRequestException("$lookup needs a code and a system, or a coding");
		}
		OperationRequest request = OperationRequest.of(details, snapshots).answering(null);
		Snapshot snapshot = request.snapshot();
		CodeSystemIndex codeSystem = snapshot.codeSystem(wanted.getSystem(), wanted.getVersion())
			.orElseThrow(() -> new ResourceNotFoundException(unknownSystem(snapshot, wanted)));
		CodeResolution resolution = CodeResolution.resolve(codeSystem, wanted.getCode());
		if (!resolution.isFound()) {
			throw Failures.notFound(resolution.problem());
		}
		// $lookup's display language is its displayLanguage parameter alone (no Accept-Language, no value set)
		Parameters result = new LookupAnswer(resolution.found(),
				LanguagePreference.parse(Codings.value(displayLanguage)), wantedProperties(properties)).build();
		request.usedSupplements().forEach(s -> result.addParameter("used-supplement", new CanonicalType(s)));
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

	@Operation(name = "$subsumes", typeName = "CodeSystem", idempotent = true,
			// the definition the CapabilityStatement names; HAPI also resolves it to this binding (OpenAPI)
			canonicalUrl = "http://hl7.org/fhir/OperationDefinition/CodeSystem-subsumes")
	public Parameters subsumes(@IdParam(optional = true) IdType id,
			@OperationParam(name = "codeA", typeName = "code") CodeType codeA,
			@OperationParam(name = "codeB", typeName = "code") CodeType codeB,
			@OperationParam(name = "system", typeName = "uri") UriType system,
			@OperationParam(name = "version", typeName = "string") StringType version,
			@OperationParam(name = "codingA", typeName = "Coding") Coding codingA,
			@OperationParam(name = "codingB", typeName = "Coding") Coding codingB,
			RequestDetails details) {
		Snapshot snapshot = OperationRequest.of(details, snapshots).snapshot();
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
