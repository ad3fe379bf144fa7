package org.billingterminology.terminology.validation;

import java.util.List;

import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.validation.CodingValidator.Finding;
import org.billingterminology.terminology.validation.CodingValidator.Membership;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * A coding whose system this server does not know. When the value set names the system, whether
 * the code is in the value set cannot be told; otherwise the code is not in it either.
 */
final class UnknownSystem {

	private final Snapshot snapshot;

	UnknownSystem(Snapshot snapshot) {
		this.snapshot = snapshot;
	}

	Membership check(Finding finding) {
		Coding coding = finding.coding();
		ValueSet valueSet = finding.valueSet();
		Validation validation = finding.validation();
		String system = coding.getSystem();
		if (!isAbsolute(system)) {
			validation.error(IssueType.INVALID, "invalid-data", Hl7Messages.relativeSystem(), finding.paths().system());
		}
		else if (snapshot.valueSet(system, null).isPresent()) {
			validation.error(IssueType.INVALID, "invalid-data", Hl7Messages.systemIsValueSet(system),
					finding.paths().system());
			return finding.notInValueSet();
		}
		boolean named = valueSet != null && includesSystem(valueSet, system);
		String text;
		String messageId = null;
		if (coding.hasVersion()) {
			text = Hl7Messages.unknownCodeSystemVersion(system, coding.getVersion(), List.of());
			// HL7 names the case where no version of the system is known at all
			messageId = "UNKNOWN_CODESYSTEM_VERSION_NONE";
		}
		else if (valueSet != null && !named && isAbsolute(system) && !filters(valueSet)) {
			// tx.fhir.org's shorter form, for a value set whose includes settle membership by system
			// alone; one that filters has to ask the code system, and says what any other request does
			text = Hl7Messages.unknownCodeSystemOutsideValueSet(system);
		}
		else {
			text = Hl7Messages.unknownCodeSystem(system);
			messageId = "UNKNOWN_CODESYSTEM";
		}
		validation.error(IssueType.NOTFOUND, "not-found", messageId, text, finding.paths().system());
		if (named) {
			validation.causedByUnknownSystem(system);
			return Membership.UNKNOWN;
		}
		validation.unknownSystem(system);
		return finding.notInValueSet();
	}

	private static boolean includesSystem(ValueSet valueSet, String system) {
		return valueSet.hasCompose()
				&& valueSet.getCompose().getInclude().stream().anyMatch(include -> system.equals(include.getSystem()));
	}

	private static boolean filters(ValueSet valueSet) {
		return valueSet.hasCompose() && valueSet.getCompose().getInclude().stream().anyMatch(include -> include.hasFilter());
	}

	private static boolean isAbsolute(String system) {
		return system.contains(":");
	}

}
