package org.billingterminology.storage;

import ca.uhn.fhir.jpa.searchparam.extractor.SearchParamExtractorR4;
import org.hl7.fhir.instance.model.api.IBase;

/**
 * HAPI's R4 search-parameter extractor on {@link SearchPaths}. HAPI's own builds its FHIRPath
 * engine over the full worker context, which parses and keeps every R4 StructureDefinition (some
 * 70 MiB of a started server's heap) for expressions that only ever test types.
 */
class LeanSearchParamExtractor extends SearchParamExtractorR4 {

	private final SearchPaths paths;

	LeanSearchParamExtractor(SearchPaths paths) {
		this.paths = paths;
	}

	/** Called from HAPI's start() instead of its own, which would load every StructureDefinition. */
	@Override
	public void initFhirPath() {
		// the engine is the SearchPaths bean's
	}

	@Override
	public IValueExtractor getPathValueExtractor(IBase resource, String path) {
		return () -> paths.evaluate(resource, path);
	}

}
