package org.billingterminology.terminology.stored;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.billingterminology.ServerSettings;
import org.billingterminology.changes.ContentChanged;
import org.billingterminology.terminology.model.Snapshot;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The terminology model: a {@link Snapshot} of every stored CodeSystem, ValueSet,
 * ConceptMap and NamingSystem. Any committed change to one of them, announced by
 * {@link ContentChanged}, makes the next request rebuild it: a change made through this process is
 * answered from its very next request, one made through another process on the same database
 * within the poll interval.
 */
@Component
public class Snapshots {

	static final Set<String> MODEL_TYPES = Set.of("CodeSystem", "ValueSet", "ConceptMap", "NamingSystem");

	private final StoredResources stored;

	/** Whether our own billing supplements are laid over the code systems they supplement. */
	private final boolean billingSupplements;

	/** Counts committed changes; a snapshot built at an older count is stale. */
	private final AtomicLong changes = new AtomicLong();

	/** Counts committed changes of any resource type, for caches of search answers. */
	private final AtomicLong contentChanges = new AtomicLong();

	private volatile Built current;

	private record Built(Snapshot snapshot, long generation) {
	}

	private final FhirCoreContent core;

	/** Rebuilds after committed changes, and how long each took (operators' view of content churn). */
	private final Timer rebuilds;

	Snapshots(StoredResources stored, FhirCoreContent core, ServerSettings settings, MeterRegistry meters) {
		this.stored = stored;
		this.core = core;
		this.billingSupplements = settings.billingSupplements();
		this.rebuilds = Timer.builder("terminology.snapshot.rebuilds")
			.description("builds of the terminology model after content changed")
			.register(meters);
	}

	/** The current snapshot, rebuilt first when content changed since it was built. */
	public Snapshot snapshot() {
		Built built = current;
		if (built != null && built.generation() == changes.get()) {
			return built.snapshot();
		}
		synchronized (this) {
			long generation = changes.get();
			if (current == null || current.generation() != generation) {
				current = new Built(rebuilds.record(this::load), generation);
			}
			return current.snapshot();
		}
	}

	/** Marks the model stale. */
	void changed() {
		changes.incrementAndGet();
		contentChanges.incrementAndGet();
	}

	/** Changes whenever any stored resource changes; answers cached under an older value are stale. */
	public long contentGeneration() {
		return contentChanges.get();
	}

	private Snapshot load() {
		Collection<Resource> resources = stored.read(MODEL_TYPES);
		List<Resource> laid = withCoreBelow(billingSupplements ? BillingSupplements.layOver(resources, stored::reread)
				: List.copyOf(resources));
		Built previous = current;
		// code systems unchanged since the last build keep their index
		return previous == null ? Snapshot.of(laid) : previous.snapshot().rebuiltWith(laid);
	}

	/**
	 * FHIR's core content first and ours after it, so that a stored resource wins (by id, and by url
	 * and version, which a core one it shadows is left out for).
	 */
	private List<Resource> withCoreBelow(List<Resource> ours) {
		Set<String> canonicals = new HashSet<>();
		ours.forEach(resource -> canonicals.add(canonicalOf(resource)));
		List<Resource> laid = new ArrayList<>();
		for (Resource resource : core.resources()) {
			if (!canonicals.contains(canonicalOf(resource))) {
				laid.add(resource);
			}
		}
		laid.addAll(ours);
		return laid;
	}

	private static String canonicalOf(Resource resource) {
		return resource instanceof CodeSystem || resource instanceof ValueSet
				? resource.fhirType() + " " + ((MetadataResource) resource).getUrl() + "|" + ((MetadataResource) resource).getVersion()
				: null;
	}

	/** A resource this process has just stored: the next build takes it as it is instead of reading it back. */
	public void stored(Resource resource) {
		stored.handIn(resource);
	}

	/** The one way changes reach the model: this process's commits and other processes' alike. */
	@EventListener
	public void on(ContentChanged change) {
		if (change.affects(MODEL_TYPES)) {
			changed();
		}
		else {
			contentChanges.incrementAndGet();
		}
	}

}
