package org.billingterminology.terminology.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A displayLanguage (or Accept-Language) value: language tags in order of preference, e.g. {@code
 * de,it} or {@code en, en-AU; q=0.4}. A tag weighted {@code q=0} is refused rather than wanted, and
 * {@code *} accepts any language.
 */
public record LanguagePreference(String raw, List<String> tags, boolean refusesOthers) {

	private static final Pattern TAG = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*|\\*");

	public static LanguagePreference parse(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		List<String> tags = new ArrayList<>();
		boolean refusesOthers = false;
		for (String entry : raw.split(",")) {
			String[] parts = entry.trim().split(";");
			String tag = parts[0].trim();
			if (!TAG.matcher(tag).matches()) {
				throw Failures.invalid(IssueType.PROCESSING, "invalid-display", "Invalid displayLanguage: '" + raw + "'");
			}
			boolean refused = false;
			for (int i = 1; i < parts.length; i++) {
				String weight = parts[i].trim().replace(" ", "");
				refused |= weight.equals("q=0") || weight.matches("q=0(\\.0+)?");
			}
			if (!refused && !"*".equals(tag)) {
				tags.add(tag.toLowerCase(Locale.ROOT));
			}
			refusesOthers |= refused && "*".equals(tag);
		}
		return new LanguagePreference(raw, tags, refusesOthers);
	}

	/** True when a text in the given language suits this preference (de suits de-CH and de-CH suits de). */
	public boolean accepts(String language) {
		if (language == null) {
			return false;
		}
		String actual = language.toLowerCase(Locale.ROOT);
		for (String tag : tags) {
			if (actual.equals(tag) || actual.startsWith(tag + "-") || tag.startsWith(actual + "-")) {
				return true;
			}
		}
		return false;
	}

	/** The position of the best tag the language suits, for choosing among several displays; MAX when none. */
	public int rank(String language) {
		if (language == null) {
			return Integer.MAX_VALUE;
		}
		String actual = language.toLowerCase(Locale.ROOT);
		for (int i = 0; i < tags.size(); i++) {
			String tag = tags.get(i);
			if (actual.equals(tag) || actual.startsWith(tag + "-") || tag.startsWith(actual + "-")) {
				return i;
			}
		}
		return Integer.MAX_VALUE;
	}

}
