package org.billingterminology.server;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.outcome.EmptyElementRule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;

/**
 * Refuses a request resource holding a primitive element with neither a value nor an extension
 * ({@link EmptyElementRule}). Runs once HAPI has parsed the body and before the operation runs.
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

	private static void check(Base resource, String type) {
		String empty = EmptyElementRule.firstEmpty(resource, type);
		if (empty != null) {
			throw new InvalidRequestException("The element " + empty
					+ " has neither a value nor an extension, which FHIR does not allow (rule ele-1)");
		}
	}

}
