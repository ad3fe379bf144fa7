package org.billingterminology.content;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.searchparam.registry.SearchParamRegistryImpl;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.billingterminology.ServerSettings;
import org.billingterminology.storage.StartupLock;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Stores the content folder at start-up, idempotently: HAPI keeps the version of a resource whose
 * content did not change, so a restart with the same files writes nothing. Runs before readiness
 * is reported (Spring Boot marks the application ready only after every runner has finished), and
 * reports DOWN as the "content" health contributor until it is done. Several processes on one
 * database load one after the other (see {@link StartupLock}), so the later ones find the content
 * stored and write nothing.
 */
@Component("contentHealthIndicator")
@Order(0)
class ContentLoader implements ApplicationRunner, HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(ContentLoader.class);

	private final ServerSettings settings;

	private final FhirContext fhirContext;

	private final DaoRegistry daoRegistry;

	private final IHapiTransactionService transactions;

	private final SearchParamRegistryImpl searchParameters;

	private final StartupLock startupLock;

	private final ManagedContent managed;

	private final AtomicBoolean loaded = new AtomicBoolean();

	ContentLoader(ServerSettings settings, FhirContext fhirContext, DaoRegistry daoRegistry,
			IHapiTransactionService transactions, SearchParamRegistryImpl searchParameters, StartupLock startupLock,
			ManagedContent managed) {
		this.settings = settings;
		this.fhirContext = fhirContext;
		this.daoRegistry = daoRegistry;
		this.transactions = transactions;
		this.searchParameters = searchParameters;
		this.startupLock = startupLock;
		this.managed = managed;
	}

	@Override
	public void run(ApplicationArguments args) {
		startupLock.acquire("content load");
		try {
			load();
		}
		finally {
			startupLock.release();
		}
	}

	private void load() {
		long start = System.nanoTime();
		List<ContentFile> files = ContentFolder.read(settings.contentDir(), fhirContext);
		managed.manage(files);
		// search parameters first, in their own transaction, so that the registry knows them
		// before the resources they index are stored
		List<ContentFile> parameters = files.stream().filter(f -> f.type().equals("SearchParameter")).toList();
		List<ContentFile> rest = files.stream().filter(f -> !f.type().equals("SearchParameter")).toList();
		int changed = store(parameters);
		searchParameters.forceRefresh();
		changed += store(rest);
		loaded.set(true);
		log.info("Content loaded from {}: {} resources, {} created or updated, in {} ms", settings.contentDir(),
				files.size(), changed, (System.nanoTime() - start) / 1_000_000);
	}

	/** Stores the files in one transaction: either all of them land or none does. */
	private int store(List<ContentFile> files) {
		return transactions.withSystemRequest().execute(() -> {
			int changed = 0;
			for (ContentFile file : files) {
				@SuppressWarnings("unchecked")
				IFhirResourceDao<Resource> dao = daoRegistry.getResourceDao(file.type());
				DaoMethodOutcome outcome;
				try {
					outcome = dao.update(file.resource(), new SystemRequestDetails());
				}
				catch (BaseServerResponseException e) {
					// e.g. a billing rule that reads an element a claim does not have (RuleCheck)
					throw new IllegalStateException("The content file " + file.name() + " was refused: " + e.getMessage(), e);
				}
				if (!outcome.isNop()) {
					changed++;
					log.info("Stored {} as {}", file.name(), outcome.getId().toUnqualified().getValue());
				}
			}
			return changed;
		});
	}

	@Override
	public Health health() {
		return loaded.get() ? Health.up().build()
				: Health.outOfService().withDetail("content", "still loading " + settings.contentDir()).build();
	}

}
