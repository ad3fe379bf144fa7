package org.billingterminology.terminology.valueset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.billingterminology.terminology.model.Canonicals;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.MetadataResource;

/**
 * Code systems and value sets that should not be relied on as if settled: withdrawn or deprecated
 * (the standards-status extension), draft, or experimental. An expansion names them as
 * warning-[status] parameters; a validation notes them as information, without changing the result.
 */
public final class StatusNotes {

	private StatusNotes() {
	}

	/** The status worth a note, or null for an active, non-experimental resource. */
	static String statusOf(MetadataResource resource) {
		String standards = standardsStatus(resource);
		if (standards != null) {
			return standards;
		}
		if (resource.getStatus() == PublicationStatus.DRAFT) {
			return "draft";
		}
		if (resource.hasExperimental() && resource.getExperimental()) {
			return "experimental";
		}
		return null;
	}

	/** Deprecated or withdrawn by the standards-status extension: the only status worth noting of the value set asked about. */
	static String standardsStatus(MetadataResource resource) {
		String standards = resource.getExtensionString(ExpansionItem.STANDARDS_STATUS);
		return standards != null && !"normative".equals(standards) && !"trial-use".equals(standards) ? standards : null;
	}

	/**
	 * status -> canonicals, for warning-[status] expansion parameters. The first resource is the
	 * value set asked about: a draft of it is what the caller chose, so only its standards status counts.
	 */
	public static Map<String, List<String>> of(List<? extends MetadataResource> resources) {
		Map<String, List<String>> notes = new LinkedHashMap<>();
		for (MetadataResource resource : resources) {
			String status = resource == resources.get(0) ? standardsStatus(resource) : statusOf(resource);
			if (status != null && !notes.getOrDefault(status, List.of()).contains(Canonicals.of(resource))) {
				notes.computeIfAbsent(status, k -> new ArrayList<>()).add(Canonicals.of(resource));
			}
		}
		return notes;
	}

	/**
	 * The notes a validation carries, as information, for the resources it drew on.
	 *
	 * @param asked the value set the request names (only its standards status counts), or null
	 */
	public static List<String> references(List<? extends MetadataResource> resources, MetadataResource asked) {
		List<String> seen = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		for (MetadataResource resource : resources) {
			String status = resource == asked ? standardsStatus(resource) : statusOf(resource);
			String canonical = Canonicals.of(resource);
			if (status != null && !seen.contains(canonical)) {
				seen.add(canonical);
				notes.add("Reference to " + status + " " + resource.fhirType() + " " + canonical);
			}
		}
		return notes;
	}

}
