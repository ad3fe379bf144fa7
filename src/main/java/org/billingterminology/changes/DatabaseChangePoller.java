package org.billingterminology.changes;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.billingterminology.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.stereotype.Component;

/**
 * Notices content changed by other server processes on the same database. Every
 * {@code terminology.change-poll-interval} (1 s by default) it reads, per resource type, how many
 * resources HAPI stores, the sum of their version numbers and the latest update time, and publishes
 * {@link ContentChanged} for the types whose figures moved: a create adds a row, an update or a
 * delete raises a version, an expunge removes a row. One grouped query over HAPI's resource table
 * costs well under a millisecond for this server's content.
 * <p>
 * HAPI's own change-listener registry (IResourceChangeListenerRegistry) does the same per type but
 * checks its caches on a fixed 10-second cycle, too slow for a 5-second propagation target.
 */
@Component
class DatabaseChangePoller implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DatabaseChangePoller.class);

	/** JPQL over HAPI's entity rather than SQL over its table: the mapping names the columns. */
	private static final String FINGERPRINTS = "select r.myResourceType, count(r), sum(r.myVersion), max(r.myUpdated)"
			+ " from ResourceTable r group by r.myResourceType";

	private final IHapiTransactionService transactions;

	private final EntityManager entityManager;

	private final ApplicationEventPublisher events;

	private final Duration interval;

	private Map<String, Fingerprint> last = Map.of();

	private boolean failing;

	private volatile ScheduledExecutorService executor;

	/** What changes whenever a resource of one type is created, updated, deleted or expunged. */
	record Fingerprint(long resources, long versionSum, Object lastUpdated) {
	}

	DatabaseChangePoller(IHapiTransactionService transactions, EntityManagerFactory entityManagerFactory,
			ApplicationEventPublisher events, ServerSettings settings) {
		this.transactions = transactions;
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
		this.events = events;
		this.interval = settings.changePollInterval();
	}

	/** Types whose fingerprint differs; on the first poll every stored type, as nothing was known. */
	static Set<String> changedTypes(Map<String, Fingerprint> before, Map<String, Fingerprint> after) {
		Set<String> types = new HashSet<>(before.keySet());
		types.addAll(after.keySet());
		types.removeIf(type -> Objects.equals(before.get(type), after.get(type)));
		return types;
	}

	synchronized void poll() {
		try {
			Map<String, Fingerprint> now = read();
			Set<String> changed = changedTypes(last, now);
			last = now;
			if (failing) {
				log.info("Polling the database for content changes works again");
				failing = false;
			}
			if (!changed.isEmpty()) {
				log.debug("Content changed in the database: {}", changed);
				events.publishEvent(new ContentChanged(changed));
			}
		}
		catch (RuntimeException e) {
			if (!failing) {
				log.warn("Cannot poll the database for content changes by other processes, will retry: {}", e.toString());
				failing = true;
			}
		}
	}

	Map<String, Fingerprint> read() {
		List<Object[]> rows = transactions.withSystemRequest()
			.readOnly()
			.execute(() -> entityManager.createQuery(FINGERPRINTS, Object[].class).getResultList());
		Map<String, Fingerprint> fingerprints = new HashMap<>();
		for (Object[] row : rows) {
			fingerprints.put((String) row[0],
					new Fingerprint(((Number) row[1]).longValue(), ((Number) row[2]).longValue(), row[3]));
		}
		return fingerprints;
	}

	@Override
	public void start() {
		if (interval.isZero() || interval.isNegative()) {
			log.info("Not polling the database for content changes: only this process's own changes are seen");
			return;
		}
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "content-change-poller");
			thread.setDaemon(true);
			return thread;
		});
		started.scheduleWithFixedDelay(this::poll, 0, Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
		executor = started;
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = executor;
		executor = null;
		if (running != null) {
			running.shutdownNow();
			try {
				running.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return executor != null;
	}

}
