package org.billingterminology.content;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.billingterminology.ServerSettings;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.springframework.stereotype.Component;

/**
 * The resources of the content folder belong to the folder: the loader stores them again at every
 * start, so a write through the API would be acknowledged and then silently undone. Such a write
 * (create, update, patch or delete, alone or in a transaction) is refused with a 409 saying where
 * to make the change instead. Only requests that came over HTTP are refused; the loader writes
 * with a system request.
 */
@Component
@Interceptor
public class ManagedContent {

	/** "Type/id" of each file in the folder, with the file's name. */
	private final Map<String, String> files = new ConcurrentHashMap<>();

	private final ServerSettings settings;

	ManagedContent(ServerSettings settings) {
		this.settings = settings;
	}

	/** Called by the loader with the files it stores. */
	void manage(Collection<ContentFile> loaded) {
		loaded.forEach(file -> files.put(file.type() + "/" + file.id(), file.name()));
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void creating(IBaseResource resource, RequestDetails request) {
		refuseIfManaged(resource, request, "created");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		refuseIfManaged(previous, request, "changed");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleting(IBaseResource resource, RequestDetails request) {
		refuseIfManaged(resource, request, "deleted");
	}

	private void refuseIfManaged(IBaseResource resource, RequestDetails request, String what) {
		if (!(request instanceof ServletRequestDetails)) {
			return;
		}
		String id = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
		String file = files.get(id);
		if (file != null) {
			throw new ResourceVersionConflictException(id + " is managed by the content folder (terminology.content-dir, here "
					+ settings.contentDir() + ") and cannot be " + what + " through the API: change " + file
					+ " there and restart, or the next start would silently undo the change");
		}
	}

}
