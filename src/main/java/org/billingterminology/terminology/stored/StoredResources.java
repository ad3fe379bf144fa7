package org.billingterminology.terminology.stored;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.stereotype.Component;

/**
 * The stored resources of the model's types, read again only where they changed: one query lists
 * every live resource's id and version, and only those whose version moved since the last read
 * are fetched and parsed. A 100,000-concept code system is parsed once when it is stored, not at
 * every later change of an unrelated value set.
 */
@Component
class StoredResources {

	/** JPQL over HAPI's entity: the mapping names the columns. Deleted resources keep a row with a deletion time. */
	private static final String LIVE_VERSIONS = "select r.myResourceType, r.myFhirId, r.myVersion from ResourceTable r"
			+ " where r.myResourceType in :types and r.myDeleted is null";

	private final DaoRegistry daoRegistry;

	private final IHapiTransactionService transactions;

	private final EntityManager entityManager;

	/** What the last read returned, by "Type/id"; only the loading thread touches it. */
	private Map<String, Read> last = Map.of();

	/** Resources handed in by the process that stored them, so that they need not be read back. */
	private final Map<String, Read> handedIn = new HashMap<>();

	record Read(long version, Resource resource) {
	}

	StoredResources(DaoRegistry daoRegistry, IHapiTransactionService transactions,
			EntityManagerFactory entityManagerFactory) {
		this.daoRegistry = daoRegistry;
		this.transactions = transactions;
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
	}

	/** Every live resource of the given types, the unchanged ones as they were last read. */
	synchronized Collection<Resource> read(Set<String> types) {
		List<Object[]> rows = transactions.withSystemRequest()
			.readOnly()
			.execute(() -> entityManager.createQuery(LIVE_VERSIONS, Object[].class)
				.setParameter("types", types)
				.getResultList());
		Map<String, Read> now = new HashMap<>();
		for (Object[] row : rows) {
			String key = row[0] + "/" + row[1];
			long version = ((Number) row[2]).longValue();
			Read known = last.get(key);
			Read given = handedIn.remove(key);
			if (known != null && known.version() == version) {
				now.put(key, known);
			}
			else if (given != null && given.version() == version) {
				now.put(key, given);
			}
			else {
				now.put(key, new Read(version, fetch((String) row[0], (String) row[1])));
			}
		}
		last = now;
		// a resource handed in but no longer stored (deleted since) must not stay pinned in memory
		handedIn.clear();
		return now.values().stream().map(Read::resource).toList();
	}

	/** A fresh copy of a resource read before, for when the copy held was changed in memory. */
	synchronized Resource reread(Resource stale) {
		String type = stale.fhirType();
		String id = stale.getIdElement().getIdPart();
		Resource fresh = fetch(type, id);
		Map<String, Read> updated = new HashMap<>(last);
		updated.put(type + "/" + id, new Read(fresh.getIdElement().getVersionIdPartAsLong(), fresh));
		last = updated;
		return fresh;
	}

	private Resource fetch(String type, String id) {
		return (Resource) daoRegistry.getResourceDao(type).read(new IdType(type, id), new SystemRequestDetails());
	}

	/** A resource this process has just stored, at the version it was stored as. */
	synchronized void handIn(Resource resource) {
		String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
		handedIn.put(key, new Read(resource.getIdElement().getVersionIdPartAsLong(), resource));
	}

}
