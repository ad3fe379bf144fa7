package org.billingterminology.terminology.validation;

import java.util.List;
import java.util.Optional;

import org.billingterminology.terminology.model.Displays;
import org.billingterminology.terminology.model.Displays.Display;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.model.LanguagePreference;
import org.billingterminology.terminology.model.ResolvedCode;
import org.billingterminology.terminology.request.AnswerOptions;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Is the display a coding gives one of the code's valid displays, in the languages asked for? A
 * wrong display is an error, or a warning when the request asks for lenient-display-validation;
 * a designation marked withdrawn or deprecated is a warning.
 */
final class DisplayCheck {

	private final AnswerOptions options;

	DisplayCheck(AnswerOptions options) {
		this.options = options;
	}

	void check(String provided, ResolvedCode resolved, CodingPaths paths, Validation validation) {
		LanguagePreference languages = options.displayLanguage();
		List<Display> all = Displays.candidates(resolved);
		String system = resolved.system();
		String code = resolved.code();
		List<Display> valid = languages == null || languages.tags().isEmpty() ? all
				: all.stream().filter(d -> d.language() == null || languages.accepts(d.language())).toList();
		String languageText = languages == null ? "--" : languages.raw();
		IssueSeverity severity = options.lenientDisplay() ? IssueSeverity.WARNING : IssueSeverity.ERROR;
		if (valid.stream().anyMatch(d -> d.value().equals(provided))) {
			return;
		}
		if (Displays.retiredDisplays(resolved).contains(provided)) {
			// still true: the code is right, its display out of date (not in the summary message, as HL7's)
			validation.add(new Validation.Issue(IssueSeverity.WARNING, IssueType.INVALID, "display-comment",
					Hl7Messages.retiredDisplay(provided, code, all.stream().map(Display::value).toList()), paths.display(),
					false, "INACTIVE_DISPLAY_FOUND"));
			return;
		}
		if (valid.isEmpty()) {
			Optional<Display> elsewhere = all.stream().filter(d -> d.value().equals(provided)).findFirst();
			if (elsewhere.isPresent()) {
				validation.information(IssueType.INVALID, "invalid-display",
						Hl7Messages.noDisplayForLanguageButValid(system, code, languageText, provided), paths.display());
				return;
			}
			validation.add(new Validation.Issue(severity, IssueType.INVALID, "invalid-display",
					Hl7Messages.noDisplayForLanguage(provided, system, code, languageText, resolved.display()),
					paths.display(), true));
			return;
		}
		boolean whitespaceOnly = valid.stream().anyMatch(d -> normalise(d.value()).equals(normalise(provided)));
		validation.add(new Validation.Issue(severity, IssueType.INVALID, "invalid-display",
				Hl7Messages.wrongDisplay(provided, system, code, valid.stream().map(Display::describe).toList(),
						languageText, whitespaceOnly),
				paths.display(), true, whitespaceOnly ? "Display_Name_WS_for__should_be_one_of__instead_of"
						: "Display_Name_for__should_be_one_of__instead_of"));
	}

	private static String normalise(String text) {
		return text == null ? "" : text.trim().replaceAll("\\s+", " ");
	}

}
