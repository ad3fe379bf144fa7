package org.billingterminology.changes;

import java.util.Collection;
import java.util.Set;

/**
 * Stored content changed: the one signal that anything held in memory and derived from stored
 * resources (the terminology snapshot, any cache of answers) must listen to. Published as a Spring
 * application event, on the thread that noticed the change:
 * <ul>
 * <li>in this process, right after the transaction that changed the resources commits, before
 * the request that made the change is answered ({@link StorageHooks});</li>
 * <li>for every process, within {@code terminology.change-poll-interval} of a commit by any
 * process on the same database ({@link DatabaseChangePoller}); so a process also hears its own
 * changes a second time.</li>
 * </ul>
 * Listeners ({@code @EventListener}) must be quick and must not touch the database: they run inside
 * the committing request's transaction clean-up. Mark state stale and rebuild it on next use.
 *
 * @param resourceTypes the FHIR resource types that changed
 */
public record ContentChanged(Set<String> resourceTypes) {

	public ContentChanged {
		resourceTypes = Set.copyOf(resourceTypes);
	}

	/** Whether any of the given resource types changed. */
	public boolean affects(Collection<String> types) {
		return types.stream().anyMatch(resourceTypes::contains);
	}

}
