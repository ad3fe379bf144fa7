package org.billingterminology.billing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.VersionRules;
import org.billingterminology.terminology.valueset.ValueSetContents;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * What a rule sees of the server while it judges one claim line: the payer, the date of service,
 * and this server's value sets, with the code system version for the line chosen by its date of
 * service where several are held (an imported CPT 2025 for a 2025 line, 2026 for a 2026 one).
 * Membership answers are kept for the line, since several rules ask about the same codes.
 */
final class LineContext {

	/** A version that starts with a year (2026, 2026-01, 2026-fragment): the release it is for. */
	private static final Pattern RELEASE = Pattern.compile("^(\\d{4})(?:-(\\d{2}))?");

	private final Snapshot snapshot;

	private final String dateOfService;

	private final String payer;

	private final int maxExpansion;

	private final VersionRules versions;

	private final Map<String, Boolean> answers = new HashMap<>();

	private final List<Claim.ItemComponent> sameDateLines;

	private LineContext(Snapshot snapshot, Claim claim, Claim.ItemComponent line, String payer, int maxExpansion) {
		String dateOfService = line.getServicedDateType().getValueAsString();
		this.sameDateLines = claim.getItem().stream()
			.filter(other -> other != line && dateOfService.equals(other.getServicedDateType().getValueAsString()))
			.toList();
		this.snapshot = snapshot;
		this.dateOfService = dateOfService;
		this.payer = payer;
		this.maxExpansion = maxExpansion;
		this.versions = snapshot == null ? VersionRules.NONE : versionsOn(snapshot, dateOfService);
	}

	/** @param line an item of the claim, its date of service set (normalised: every line has one) */
	static LineContext of(Snapshot snapshot, Claim claim, Claim.ItemComponent line, String payer, int maxExpansion) {
		return new LineContext(snapshot, claim, line, payer, maxExpansion);
	}

	/** For the load check: no value set holds anything, so a rule is judged on its shape alone. */
	static LineContext forCheck(Claim claim, Claim.ItemComponent line) {
		return new LineContext(null, claim, line, "Organization/example", 0);
	}

	/**
	 * The claim's other lines on this line's date of service. Given to rules as a constant since
	 * nearly every rule asks for them, and FHIRPath's date equality costs a calendar per comparison.
	 */
	List<Claim.ItemComponent> sameDateLines() {
		return sameDateLines;
	}

	String dateOfService() {
		return dateOfService;
	}

	String payer() {
		return payer;
	}

	ValueSet valueSet(String canonical) {
		if (snapshot == null) {
			return new ValueSet().setUrl(canonical);
		}
		return snapshot.valueSet(canonical, null)
			.orElseThrow(() -> new FHIRException("the value set " + canonical + " is not held by this server"));
	}

	boolean holds(ValueSet valueSet, CodeableConcept concept) {
		if (snapshot == null) {
			return false;
		}
		for (Coding coding : concept.getCoding()) {
			String key = valueSet.getUrl() + "|" + valueSet.getVersion() + " " + coding.getSystem() + "|" + coding.getCode();
			boolean member = answers.computeIfAbsent(key, k -> new ValueSetContents(snapshot, maxExpansion, versions)
				.member(valueSet, coding.getSystem(), coding.getCode())
				.isPresent());
			if (member) {
				return true;
			}
		}
		return false;
	}

	/**
	 * For each code system held in several versions, the one for this date of service: the first
	 * (in the snapshot's answering order) whose release year, or year and month, is not after it.
	 */
	private static VersionRules versionsOn(Snapshot snapshot, String dateOfService) {
		List<String> defaults = new ArrayList<>();
		for (List<CodeSystemIndex> versions : snapshot.codeSystems()) {
			if (versions.size() < 2) {
				continue;
			}
			versions.stream()
				.filter(index -> index.version() != null && releasedBy(index.version(), dateOfService))
				.findFirst()
				.ifPresent(index -> defaults.add(index.url() + "|" + index.version()));
		}
		return defaults.isEmpty() ? VersionRules.NONE
				: VersionRules.of(name -> "system-version".equals(name) ? defaults : List.of());
	}

	private static boolean releasedBy(String version, String dateOfService) {
		Matcher release = RELEASE.matcher(version);
		if (!release.find()) {
			return false;
		}
		String released = release.group(1) + (release.group(2) == null ? "" : "-" + release.group(2));
		return released.compareTo(dateOfService.substring(0, Math.min(released.length(), dateOfService.length()))) <= 0;
	}

}
