package org.billingterminology.terminology.request;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.PrimitiveType;

/** Reading the parameters that terminology operations share. */
public final class Codings {

	private Codings() {
	}

	/** One coding from either the separate code/system/version parameters or a Coding parameter. */
	public static Coding coding(PrimitiveType<String> code, PrimitiveType<String> system, PrimitiveType<String> version,
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

	public static String value(PrimitiveType<?> primitive) {
		return primitive == null || primitive.isEmpty() ? null : primitive.getValueAsString();
	}

}
