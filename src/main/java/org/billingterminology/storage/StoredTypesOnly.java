package org.billingterminology.storage;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.springframework.stereotype.Component;

/**
 * Only the served types are ever stored. HAPI keeps DAOs for a few more that its own services look
 * up (ServedDaos), and a transaction reaches any DAO there is, so without this an admin's
 * transaction could store a Patient or a Task that nothing here serves, reads or shows.
 */
@Component
@Interceptor
public class StoredTypesOnly {

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void creating(IBaseResource resource) {
		check(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updating(IBaseResource previous, IBaseResource resource) {
		check(resource);
	}

	private static void check(IBaseResource resource) {
		String type = resource.fhirType();
		if (!ServedTypes.RESOURCE_TYPES.contains(type)) {
			throw new InvalidRequestException("This server stores only " + ServedTypes.RESOURCE_TYPES
					+ "; a " + type + " is not one of them");
		}
	}

}
