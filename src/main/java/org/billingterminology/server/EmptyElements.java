package org.billingterminology.server;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.XhtmlType;

/**
 * Refuses a request resource holding a primitive element with neither a value nor an extension,
 * which FHIR forbids (rule ele-1) and HAPI's parsers let through: {@code "valueSet": [null]} in
 * JSON or {@code <valueSet/>} in XML arrive as a canonical without a value, and code that reads a
 * canonical expects one. Runs once HAPI has parsed the body and before the operation runs.
 */
@Interceptor
class EmptyElements {

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void check(RequestDetails request) {
		List<IBaseResource> resources = new ArrayList<>();
		if (request.getResource() != null) {
			resources.add(request.getResource());
		}
		// an operation's Parameters body is kept in the user data, under a key HAPI does not export
		request.getUserData().values().stream().filter(IBaseResource.class::isInstance).map(IBaseResource.class::cast)
			.filter(resource -> !resources.contains(resource)).forEach(resources::add);
		for (IBaseResource resource : resources) {
			if (resource instanceof Base base) {
				check(base, resource.fhirType());
			}
		}
	}

	/** HAPI's terser skips empty elements, so the walk is by hand over the R4 model's children. */
	private static void check(Base element, String path) {
		// a resource's id is an empty IdType whenever the body has none: HAPI's doing, not the client's
		// a narrative's div is XHTML, which the R4 model shows as a primitive with no string value
		if (element instanceof PrimitiveType<?> primitive && !(element instanceof IdType) && !(element instanceof XhtmlType)
				&& primitive.getValueAsString() == null && !primitive.hasExtension()) {
			throw new InvalidRequestException("The element " + path
					+ " has neither a value nor an extension, which FHIR does not allow (rule ele-1)");
		}
		for (Property property : element.children()) {
			for (Base child : property.getValues()) {
				if (child != null) {
					check(child, path + "." + property.getName());
				}
			}
		}
	}

}
