package org.billingterminology.terminology.valueset;

import java.util.List;
import java.util.Locale;

/**
 * $expand's filter parameter: every word of it starts the code or a word of the display (words are
 * runs of letters and digits), ignoring case. Over whole code systems the walk reads the display
 * word index instead (CodeSystemIndex.conceptsWithWordsStarting, the same rule); this checks the
 * members that come back, without regular expressions.
 */
public final class TextFilter {

	private final String[] words;

	private TextFilter(String[] words) {
		this.words = words;
	}

	/** The filter of a request, or null when there is none. */
	public static TextFilter of(String filter) {
		if (filter == null || filter.isBlank()) {
			return null;
		}
		return new TextFilter(filter.toLowerCase(Locale.ROOT).trim().split("\\s+"));
	}

	/** The filter's words, lower-cased. */
	public List<String> words() {
		return List.of(words);
	}

	public boolean matches(String code, String display) {
		String lowerCaseDisplay = display == null ? null : display.toLowerCase(Locale.ROOT);
		for (String word : words) {
			if (!startsWith(code, 0, word) && !startsAWord(lowerCaseDisplay, word)) {
				return false;
			}
		}
		return true;
	}

	/** String.indexOf finds candidates fast; a candidate counts where a word starts. */
	private static boolean startsAWord(String lowerCaseText, String word) {
		if (lowerCaseText == null || word.isEmpty()) {
			return false;
		}
		for (int i = lowerCaseText.indexOf(word); i >= 0; i = lowerCaseText.indexOf(word, i + 1)) {
			if ((i == 0 || !Character.isLetterOrDigit(lowerCaseText.charAt(i - 1)))
					&& Character.isLetterOrDigit(lowerCaseText.charAt(i))) {
				return true;
			}
		}
		return false;
	}

	private static boolean startsWith(String text, int at, String word) {
		return text != null && text.regionMatches(true, at, word, 0, word.length());
	}

}
