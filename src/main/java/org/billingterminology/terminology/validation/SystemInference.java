package org.billingterminology.terminology.validation;

import java.util.List;

import org.billingterminology.terminology.model.Canonicals;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.valueset.ExpansionItem;
import org.billingterminology.terminology.valueset.ValueSetContents;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * inferSystem: a code sent without its system takes the one system of the value set that holds
 * it. When none or several do, the answer says so and the code is not in the value set.
 */
final class SystemInference {

	private SystemInference() {
	}

	/** Sets the coding's system and returns null, or returns the failed validation. */
	static Validation infer(ValueSetContents contents, ValueSet valueSet, Coding wanted, CodingPaths paths) {
		List<String> systems = contents.members(valueSet)
			.stream()
			.filter(item -> item.code().equals(wanted.getCode()))
			.map(ExpansionItem::system)
			.distinct()
			.toList();
		if (systems.size() == 1) {
			wanted.setSystem(systems.get(0));
			return null;
		}
		Validation validation = new Validation();
		validation.code(null, wanted.getCode());
		String describedValueSet = Canonicals.describe(valueSet);
		String text = systems.isEmpty() ? Hl7Messages.cannotInferSystem(wanted.getCode(), describedValueSet)
				: Hl7Messages.cannotInferSystem(wanted.getCode(), describedValueSet)
						+ ": value set expansion has multiple matches: [" + String.join(", ", systems) + "]";
		validation.add(new Validation.Issue(IssueSeverity.ERROR, IssueType.NOTFOUND, "cannot-infer", text, paths.code(),
				true));
		validation.error(IssueType.CODEINVALID, "not-in-vs", "None_of_the_provided_codes_are_in_the_value_set_one",
				Hl7Messages.notInValueSet("#" + wanted.getCode(), describedValueSet), paths.code());
		return validation;
	}

}
