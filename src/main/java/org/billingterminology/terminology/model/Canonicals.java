package org.billingterminology.terminology.model;

import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.ValueSet;

/** How answers and messages write a canonical reference: {@code url|version}, or the url alone when there is no version. */
public final class Canonicals {

	private Canonicals() {
	}

	public static String of(String url, String version) {
		return version == null || version.isEmpty() ? url : url + "|" + version;
	}

	public static String of(MetadataResource resource) {
		return of(resource.getUrl(), resource.getVersion());
	}

	/** A value set as messages name it; one without a url (an inline one) is "(unidentified)". */
	public static String describe(ValueSet valueSet) {
		return valueSet.hasUrl() ? of(valueSet) : "(unidentified)";
	}

}
