package org.billingterminology.terminology.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.hl7.fhir.r4.model.Coding;

/**
 * The display-language rule, in one place: which text stands for a concept for a client that asks
 * for some languages. A designation in a wanted language wins over the concept's own display
 * (the earlier the language in the request, the better); otherwise the display stands.
 */
public final class Displays {

	public static final String PREFERRED_FOR_LANGUAGE = "http://terminology.hl7.org/CodeSystem/hl7TermMaintInfra";

	/** FHIR's extension for the standards status of an element, here of a designation. */
	private static final String STANDARDS_STATUS = "http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status";

	private Displays() {
	}

	/** The designation use that marks the code system's own display among the designations. */
	public static Coding preferredForLanguage() {
		return new Coding(PREFERRED_FOR_LANGUAGE, "preferredForLanguage", "Preferred For Language");
	}

	/** A valid display of a concept and its language (null when neither the designation nor the code system says). */
	public record Display(String value, String language) {

		public String describe() {
			return "'" + value + "'" + (language == null ? "" : " (" + language + ")");
		}

	}

	/** The display to report for a code: one in the requested language when the concept has it, else its own. */
	public static String displayFor(ResolvedCode resolved, LanguagePreference languages) {
		if (languages == null || resolved.isExpression()) {
			return resolved.display();
		}
		return candidates(resolved).stream()
			.filter(d -> d.language() != null && languages.accepts(d.language()))
			.min(Comparator.comparingInt(d -> languages.rank(d.language())))
			.map(Display::value)
			.orElse(resolved.display());
	}

	/** Every display of a code that is valid in some language: its own, then its designations that name a language. */
	public static List<Display> candidates(ResolvedCode resolved) {
		List<Display> displays = new ArrayList<>();
		String language = resolved.codeSystem().resource().hasLanguage() ? resolved.codeSystem().resource().getLanguage()
				: null;
		displays.add(new Display(resolved.display(), language));
		if (!resolved.isExpression()) {
			for (ConceptDefinitionDesignationComponent designation : resolved.concept().getDesignation()) {
				if (designation.hasLanguage() && designation.hasValue() && !isRetired(designation)) {
					displays.add(new Display(designation.getValue(), designation.getLanguage()));
				}
			}
		}
		return displays;
	}

	/** The designations of a code that are marked withdrawn or deprecated: once displays, no longer valid. */
	public static List<String> retiredDisplays(ResolvedCode resolved) {
		return resolved.isExpression() ? List.of()
				: resolved.concept().getDesignation().stream().filter(Displays::isRetired)
					.map(ConceptDefinitionDesignationComponent::getValue).toList();
	}

	private static boolean isRetired(ConceptDefinitionDesignationComponent designation) {
		return designation.getExtensionsByUrl(STANDARDS_STATUS).stream().anyMatch(status -> status.getValue() != null
				&& List.of("withdrawn", "deprecated").contains(status.getValue().primitiveValue()));
	}

	/**
	 * What an expansion shows for a concept: the display, or a designation standing in for it when
	 * the code system's own language does not suit. {@code display} is null when no language asked
	 * for is available and every other language is refused ({@code de, *; q=0}).
	 */
	public record Shown(String display, ConceptDefinitionDesignationComponent designation) {
	}

	public static Shown forExpansion(String display, CodeSystemIndex codeSystem, ConceptDefinitionComponent concept,
			LanguagePreference languages) {
		if (concept == null || languages == null || languages.tags().isEmpty()) {
			return new Shown(display, null);
		}
		String language = codeSystem.resource().getLanguage();
		if (language != null && languages.accepts(language)) {
			return new Shown(display, null);
		}
		ConceptDefinitionDesignationComponent designation = concept.getDesignation()
			.stream()
			.filter(d -> d.hasLanguage() && languages.accepts(d.getLanguage()))
			.min(Comparator.comparingInt(d -> languages.rank(d.getLanguage())))
			.orElse(null);
		if (designation != null) {
			return new Shown(designation.getValue(), designation);
		}
		return new Shown(languages.refusesOthers() ? null : display, null);
	}

}
