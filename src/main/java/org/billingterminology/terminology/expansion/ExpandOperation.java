package org.billingterminology.terminology.expansion;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.ServerSettings;
import org.billingterminology.terminology.stored.Snapshots;
import org.billingterminology.terminology.request.OperationRequest;
import org.billingterminology.terminology.request.ReplacingOperationProvider;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;

import org.springframework.stereotype.Component;

/**
 * $expand on ValueSet, answered from the terminology model. The typed parameters are the R4 ones
 * HAPI binds and documents; the ecosystem's further parameters (tx-resource, version rules,
 * designation...) are read through the {@link OperationRequest}.
 */
@Component
class ExpandOperation implements ReplacingOperationProvider {

	static final String TOO_COSTLY_THRESHOLD = "X-TOO-COSTLY-THRESHOLD";

	private final Snapshots snapshots;

	private final ServerSettings settings;

	ExpandOperation(Snapshots snapshots, ServerSettings settings) {
		this.snapshots = snapshots;
		this.settings = settings;
	}

	@Operation(name = "$expand", typeName = "ValueSet", idempotent = true,
			// the definition the CapabilityStatement names; HAPI also resolves it to this binding (OpenAPI)
			canonicalUrl = "http://hl7.org/fhir/OperationDefinition/ValueSet-expand")
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
			RequestDetails details) {
		int first = nonNegative(offset, "offset", 0);
		int size = nonNegative(count, "count", -1);
		if (size > settings.maxExpansionSize()) {
			throw new InvalidRequestException("count may be at most " + settings.maxExpansionSize());
		}
		OperationRequest call = OperationRequest.of(details, snapshots);
		ValueSet valueSet = call.valueSet(id, url, valueSetVersion, inline);
		OperationRequest request = call.answering(valueSet);
		return new Expander(request, unpagedLimit(details), settings.licensedExpansionCap()).expand(valueSet, first, size);
	}

	/**
	 * The most codes an unpaged expansion may hold: the server's limit, or less when the request's
	 * X-TOO-COSTLY-THRESHOLD header (which HL7's test suite sends) asks for less; never more.
	 */
	private int unpagedLimit(RequestDetails details) {
		String threshold = details.getHeader(TOO_COSTLY_THRESHOLD);
		if (threshold == null || threshold.isBlank()) {
			return settings.maxExpansionSize();
		}
		try {
			int asked = Integer.parseInt(threshold.trim());
			if (asked >= 0) {
				return Math.min(asked, settings.maxExpansionSize());
			}
		}
		catch (NumberFormatException e) {
			// refused below
		}
		throw new InvalidRequestException("The " + TOO_COSTLY_THRESHOLD + " header must be a whole number of codes, not '"
				+ threshold + "'");
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

}
