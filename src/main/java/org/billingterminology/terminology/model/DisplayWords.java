package org.billingterminology.terminology.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/**
 * Which concepts of one code system version have a display word (or a code) starting with a given
 * prefix: the words sorted once, so that an $expand filter over 100,000 concepts looks up a range
 * of words instead of reading every display. Words are runs of letters and digits, lower-cased.
 */
final class DisplayWords {

	/** Each word, or code, to the ordinals of the concepts that have it. */
	private final TreeMap<String, int[]> words;

	private final List<ConceptDefinitionComponent> concepts;

	private final int size;

	private DisplayWords(TreeMap<String, int[]> words, List<ConceptDefinitionComponent> concepts) {
		this.words = words;
		this.concepts = concepts;
		this.size = concepts.size();
	}

	/** The ordinals of one word, growing as the concepts are read. */
	private static final class Postings {

		private int[] ordinals = new int[2];

		private int size;

		void add(int ordinal) {
			if (size > 0 && ordinals[size - 1] == ordinal) {
				return;
			}
			if (size == ordinals.length) {
				ordinals = Arrays.copyOf(ordinals, size * 2);
			}
			ordinals[size++] = ordinal;
		}

		int[] trimmed() {
			return Arrays.copyOf(ordinals, size);
		}

	}

	static DisplayWords of(List<ConceptDefinitionComponent> concepts) {
		Map<String, Postings> found = new HashMap<>();
		for (int i = 0; i < concepts.size(); i++) {
			ConceptDefinitionComponent concept = concepts.get(i);
			// a code matches when it starts with the filter word, so it is indexed whole
			add(found, concept.getCode() == null ? "" : concept.getCode().toLowerCase(Locale.ROOT), i);
			String display = concept.getDisplay() == null ? "" : concept.getDisplay().toLowerCase(Locale.ROOT);
			int start = -1;
			for (int at = 0; at <= display.length(); at++) {
				boolean inWord = at < display.length() && Character.isLetterOrDigit(display.charAt(at));
				if (inWord && start < 0) {
					start = at;
				}
				else if (!inWord && start >= 0) {
					add(found, display.substring(start, at), i);
					start = -1;
				}
			}
		}
		TreeMap<String, int[]> words = new TreeMap<>();
		found.forEach((word, postings) -> words.put(word, postings.trimmed()));
		return new DisplayWords(words, List.copyOf(concepts));
	}

	private static void add(Map<String, Postings> found, String word, int ordinal) {
		if (!word.isEmpty()) {
			found.computeIfAbsent(word, k -> new Postings()).add(ordinal);
		}
	}

	/** The concepts, in order, that have for every one of the lower-case prefixes a word or code starting with it. */
	List<ConceptDefinitionComponent> matching(List<String> prefixes) {
		BitSet found = ordinals(prefixes);
		List<ConceptDefinitionComponent> matching = new ArrayList<>(found.cardinality());
		found.stream().forEach(ordinal -> matching.add(concepts.get(ordinal)));
		return matching;
	}

	private BitSet ordinals(List<String> prefixes) {
		BitSet result = new BitSet(size);
		result.set(0, size);
		for (String prefix : prefixes) {
			BitSet any = new BitSet(size);
			for (int[] ordinals : words.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values()) {
				for (int ordinal : ordinals) {
					any.set(ordinal);
				}
			}
			result.and(any);
		}
		return result;
	}

}
