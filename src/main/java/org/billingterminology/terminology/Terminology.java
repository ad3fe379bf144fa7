package org.billingterminology.terminology;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The terminology model: a {@link TerminologySnapshot} of every stored CodeSystem, ValueSet,
 * ConceptMap and NamingSystem. Any committed change to one of them makes the next request rebuild
 * it, so no answer is ever served from content older than the last commit.
 */
@Component
class Terminology {

	static final Set<String> MODEL_TYPES = Set.of("CodeSystem", "ValueSet", "ConceptMap", "NamingSystem");

	private final DaoRegistry daoRegistry;

	/** Counts committed changes; a snapshot built at an older count is stale. */
	private final AtomicLong changes = new AtomicLong();

	private volatile Built current;

	private record Built(TerminologySnapshot snapshot, long generation) {
	}

	Terminology(DaoRegistry daoRegistry, IInterceptorService interceptors) {
		this.daoRegistry = daoRegistry;
		interceptors.registerInterceptor(new ChangeListener());
	}

	TerminologySnapshot snapshot() {
		Built built = current;
		if (built != null && built.generation() == changes.get()) {
			return built.snapshot();
		}
		synchronized (this) {
			long generation = changes.get();
			if (current == null || current.generation() != generation) {
				current = new Built(load(), generation);
			}
			return current.snapshot();
		}
	}

	/** The snapshot with the request's tx-resources laid over it, for that request only. */
	TerminologySnapshot snapshot(OperationInput input) {
		return snapshot().with(input.txResources());
	}

	/** Marks the model stale: another process, or a path HAPI's hooks do not see, changed content. */
	void changed() {
		changes.incrementAndGet();
	}

	private TerminologySnapshot load() {
		List<Resource> resources = new ArrayList<>();
		for (String type : MODEL_TYPES) {
			var found = daoRegistry.getResourceDao(type)
				.search(SearchParameterMap.newSynchronous(), new SystemRequestDetails());
			for (IBaseResource resource : found.getAllResources()) {
				resources.add((Resource) resource);
			}
		}
		return TerminologySnapshot.of(resources);
	}

	/** Hears HAPI's storage hooks and marks the model stale once the change is committed. */
	@Interceptor
	class ChangeListener {

		@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
		public void created(IBaseResource resource) {
			onChange(resource);
		}

		@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
		public void updated(IBaseResource previous, IBaseResource resource) {
			onChange(resource);
		}

		@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
		public void deleted(IBaseResource resource) {
			onChange(resource);
		}

		@Hook(Pointcut.STORAGE_PRESTORAGE_EXPUNGE_EVERYTHING)
		public void expungedEverything() {
			changed();
		}

		private void onChange(IBaseResource resource) {
			if (!MODEL_TYPES.contains(resource.fhirType())) {
				return;
			}
			changed();
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
					@Override
					public void afterCompletion(int status) {
						changed();
					}
				});
			}
		}

	}

}
