package org.billingterminology.terminology.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The parameters of one operation request that HAPI's typed binding does not hand over: the
 * resources sent as {@code tx-resource}, and the terminology ecosystem's "profile" parameters
 * (system-version, lenient-display-validation...), read alike from a POSTed Parameters body and
 * from the query string of a GET.
 */
public final class OperationInput {

	static final String TX_RESOURCE = "tx-resource";

	private final Parameters body;

	private final Map<String, String[]> query;

	private final String acceptLanguage;

	private OperationInput(Parameters body, Map<String, String[]> query, String acceptLanguage) {
		this.body = body;
		this.query = query == null ? Map.of() : query;
		this.acceptLanguage = acceptLanguage;
	}

	public static OperationInput of(RequestDetails request) {
		if (request == null) {
			return new OperationInput(null, Map.of(), null);
		}
		Parameters body = request.getResource() instanceof Parameters parameters ? parameters : null;
		return new OperationInput(body, request.getParameters(), request.getHeader("Accept-Language"));
	}

	/**
	 * This request's parameters with those of one nested Parameters (one validation of a batch)
	 * taking precedence: a name the nested one gives replaces the request's values for that name.
	 */
	public OperationInput overriddenBy(Parameters nested) {
		Parameters merged = new Parameters();
		java.util.Set<String> overridden = new java.util.HashSet<>();
		nested.getParameter().forEach(p -> overridden.add(p.getName()));
		merged.getParameter().addAll(nested.getParameter());
		if (body != null) {
			body.getParameter().stream().filter(p -> !overridden.contains(p.getName())).forEach(merged.getParameter()::add);
		}
		Map<String, String[]> remaining = new java.util.HashMap<>(query);
		overridden.forEach(remaining::remove);
		return new OperationInput(merged, remaining, acceptLanguage);
	}

	/** The Accept-Language header: the display language when no displayLanguage parameter says otherwise. */
	String acceptLanguage() {
		return acceptLanguage;
	}

	/** A parameter's value as sent (a Coding, a CodeableConcept...), from a POSTed body only. */
	public org.hl7.fhir.r4.model.Type value(String name) {
		if (body == null) {
			return null;
		}
		for (ParametersParameterComponent parameter : body.getParameter()) {
			if (name.equals(parameter.getName()) && parameter.getValue() != null) {
				return parameter.getValue();
			}
		}
		return null;
	}

	public boolean has(String name) {
		return !strings(name).isEmpty();
	}

	/**
	 * The CodeSystems, ValueSets, ConceptMaps and NamingSystems sent as tx-resource: they take part
	 * in this request only and are never stored.
	 */
	public List<Resource> txResources() {
		List<Resource> resources = new ArrayList<>();
		if (body == null) {
			return resources;
		}
		for (ParametersParameterComponent parameter : body.getParameter()) {
			if (!TX_RESOURCE.equals(parameter.getName())) {
				continue;
			}
			Resource resource = parameter.getResource();
			if (resource instanceof CodeSystem || resource instanceof ValueSet || resource instanceof ConceptMap
					|| resource instanceof NamingSystem) {
				resources.add(resource);
			}
			else {
				throw new InvalidRequestException("A tx-resource must be a CodeSystem, ValueSet, ConceptMap or NamingSystem"
						+ (resource == null ? "" : "; got a " + resource.fhirType()));
			}
		}
		return resources;
	}

	/** Every value of a parameter, as text. */
	public List<String> strings(String name) {
		List<String> values = new ArrayList<>();
		if (body != null) {
			for (ParametersParameterComponent parameter : body.getParameter()) {
				if (name.equals(parameter.getName()) && parameter.getValue() != null
						&& parameter.getValue().primitiveValue() != null) {
					values.add(parameter.getValue().primitiveValue());
				}
			}
		}
		for (String value : query.getOrDefault(name, new String[0])) {
			values.add(value);
		}
		return values;
	}

	public String string(String name) {
		List<String> values = strings(name);
		return values.isEmpty() ? null : values.get(0);
	}

	/** A boolean parameter: absent is {@code otherwise}. */
	boolean flag(String name, boolean otherwise) {
		String value = string(name);
		return value == null ? otherwise : Boolean.parseBoolean(value);
	}

}
