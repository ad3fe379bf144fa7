package org.billingterminology.changes;

import java.util.HashSet;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.billingterminology.storage.ServedTypes;
import org.hl7.fhir.instance.model.api.IBaseResource;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hears HAPI's storage hooks for changes made by this process and publishes one
 * {@link ContentChanged} per committed transaction, naming the resource types it touched. It runs
 * before the writing request is answered, so the writer's next request already sees the change.
 * It joins HAPI's JPA interceptor service in {@code server.FhirInterceptors}.
 */
@Component
@Interceptor
public class StorageHooks {

	private final ApplicationEventPublisher events;

	StorageHooks(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		changed(resource.fhirType());
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		changed(resource.fhirType());
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		changed(resource.fhirType());
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_EXPUNGE_EVERYTHING)
	public void expungedEverything() {
		ServedTypes.RESOURCE_TYPES.forEach(this::changed);
	}

	private void changed(String resourceType) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			events.publishEvent(new ContentChanged(Set.of(resourceType)));
			return;
		}
		// one synchronization per transaction gathers every type it touches
		Pending pending = TransactionSynchronizationManager.getSynchronizations()
			.stream()
			.filter(Pending.class::isInstance)
			.map(Pending.class::cast)
			.findFirst()
			.orElseGet(() -> {
				Pending created = new Pending();
				TransactionSynchronizationManager.registerSynchronization(created);
				return created;
			});
		pending.types.add(resourceType);
	}

	private class Pending implements TransactionSynchronization {

		private final Set<String> types = new HashSet<>();

		@Override
		public void afterCompletion(int status) {
			if (status == STATUS_COMMITTED) {
				events.publishEvent(new ContentChanged(types));
			}
		}

	}

}
