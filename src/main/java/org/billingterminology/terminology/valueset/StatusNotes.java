package org.billingterminology.terminology.valueset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.billingterminology.terminology.validation.Validation;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

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

	public static String canonical(MetadataResource resource) {
		return resource.getUrl() + (resource.hasVersion() ? "|" + resource.getVersion() : "");
	}

	/**
	 * status -> canonicals, for warning-[status] expansion parameters. The first resource is the
	 * value set asked about: a draft of it is what the caller chose, so only its standards status counts.
	 */
	public static Map<String, List<String>> of(List<? extends MetadataResource> resources) {
		Map<String, List<String>> notes = new LinkedHashMap<>();
		for (MetadataResource resource : resources) {
			String status = resource == resources.get(0) ? standardsStatus(resource) : statusOf(resource);
			if (status != null && !notes.getOrDefault(status, List.of()).contains(canonical(resource))) {
				notes.computeIfAbsent(status, k -> new ArrayList<>()).add(canonical(resource));
			}
		}
		return notes;
	}

	/** @param asked the value set the request names (only its standards status counts), or null */
	public static void addTo(Validation validation, List<? extends MetadataResource> resources, MetadataResource asked) {
		List<String> seen = new ArrayList<>();
		for (MetadataResource resource : resources) {
			String status = resource == asked ? standardsStatus(resource) : statusOf(resource);
			String canonical = canonical(resource);
			if (status != null && !seen.contains(canonical)) {
				seen.add(canonical);
				validation.add(new Validation.Issue(IssueSeverity.INFORMATION, IssueType.BUSINESSRULE, "status-check",
						"Reference to " + status + " " + resource.fhirType() + " " + canonical, null, false));
			}
		}
	}

}
