package org.billingterminology.storage;

import java.util.List;

/** The FHIR resource types this server serves and loads, in the order the loader stores them. */
public final class ServedTypes {

	/**
	 * Dependency order: search parameters before the resources they index, code systems before the
	 * value sets and maps over them, payers before the charge items that point at them; our own OperationDefinitions last. HAPI keeps a
	 * DAO for every type (its own services use some, e.g. Provenance), but only these are served.
	 */
	public static final List<String> RESOURCE_TYPES = List.of("SearchParameter", "CodeSystem", "NamingSystem",
			"ValueSet", "ConceptMap", "Organization", "ChargeItemDefinition", "OperationDefinition");

	private ServedTypes() {
	}

}
