package org.billingterminology.terminology;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.ValueSet;

/** Reading the parameters that terminology operations share. */
final class Requests {

	private Requests() {
	}

	/** One coding from either the separate code/system/version parameters or a Coding parameter. */
	static Coding coding(PrimitiveType<String> code, PrimitiveType<String> system, PrimitiveType<String> version,
			Coding coding, String codeName, String systemName) {
		if (coding != null) {
			if (code != null && !code.getValue().equals(coding.getCode())) {
				throw new InvalidRequestException(
						"The " + codeName + " '" + code.getValue() + "' and the coding's code '" + coding.getCode()
								+ "' differ; send one of them");
			}
			Coding copy = coding.copy();
			if (!copy.hasVersion() && version != null) {
				copy.setVersion(version.getValue());
			}
			if (!copy.hasSystem() && system != null) {
				copy.setSystem(system.getValue());
			}
			return copy;
		}
		Coding result = new Coding(value(system), value(code), null);
		result.setVersion(value(version));
		return result;
	}

	static String value(PrimitiveType<?> primitive) {
		return primitive == null || primitive.isEmpty() ? null : primitive.getValueAsString();
	}

	/** A CodeableConcept is valid when any one of its codings is; otherwise every coding's problems are reported. */
	static Validation checkCodeableConcept(CodeChecker checker, CodeableConcept concept, ValueSet valueSet) {
		if (!concept.hasCoding()) {
			throw new InvalidRequestException("The codeableConcept has no coding to validate");
		}
		Validation combined = new Validation();
		for (int i = 0; i < concept.getCoding().size(); i++) {
			Validation one = new Validation();
			checker.check(concept.getCoding().get(i), valueSet, "CodeableConcept.coding[" + i + "]", one);
			if (one.isValid()) {
				one.codeableConcept(concept);
				return one;
			}
			combined.absorb(one);
		}
		combined.codeableConcept(concept);
		return combined;
	}

}
