package org.billingterminology.changes;

import java.util.Set;

import ca.uhn.fhir.jpa.searchparam.registry.SearchParamRegistryImpl;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * HAPI's search parameter registry rereads stored SearchParameters once a minute; a change made
 * through another process brings that forward to HAPI's next 10-second scheduler tick. (A changed
 * SearchParameter still does not reindex resources stored before it.)
 */
@Component
class SearchParameterRefresh {

	private static final Set<String> TYPES = Set.of("SearchParameter");

	private final SearchParamRegistryImpl searchParameters;

	SearchParameterRefresh(SearchParamRegistryImpl searchParameters) {
		this.searchParameters = searchParameters;
	}

	@EventListener
	public void on(ContentChanged change) {
		if (change.affects(TYPES)) {
			// only marks the registry stale: listeners must not query the database
			searchParameters.requestRefresh();
		}
	}

}
