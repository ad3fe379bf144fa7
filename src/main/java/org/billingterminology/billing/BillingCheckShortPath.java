package org.billingterminology.billing;

import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.context.FhirContext;
import org.billingterminology.http.ShortPaths.ShortPath;
import org.billingterminology.jsonanswers.ParametersJson;
import org.billingterminology.outcome.EmptyElementRule;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;

import org.springframework.stereotype.Component;

/**
 * $billing-check of a plain JSON POST without HAPI's RestfulServer: the body parsed by HAPI's own
 * JSON parser, checked by {@link BillingCheckOperation#answer} and written by {@link AnswerJson},
 * as HAPI's path does. Bad input, an empty element (which HAPI's path refuses) or an answer
 * AnswerJson does not write is left to HAPI's path, which answers it as always: such a request
 * costs at most twice the work of one check, and bad input is mostly found in the first steps.
 */
@Component
class BillingCheckShortPath implements ShortPath {

	private final FhirContext fhirContext;

	private final BillingCheckOperation operation;

	BillingCheckShortPath(FhirContext fhirContext, BillingCheckOperation operation) {
		this.fhirContext = fhirContext;
		this.operation = operation;
	}

	@Override
	public String path() {
		return "/fhir/Claim/$billing-check";
	}

	@Override
	public byte[] answer(byte[] body) {
		byte[] json;
		try {
			if (!(fhirContext.newJsonParser().parseResource(new String(body, StandardCharsets.UTF_8))
					instanceof Parameters parameters) || EmptyElementRule.firstEmpty(parameters, "Parameters") != null
					|| !asHapiBindsThem(parameters)) {
				return null;
			}
			json = ParametersJson.encode(operation.answer(parameters));
		}
		catch (RuntimeException e) {
			// HAPI's path computes it again and answers with its own error
			return null;
		}
		if (json != null) {
			operation.answeredOnTheShortPath();
		}
		return json;
	}

	/**
	 * The operation's typed parameters as HAPI's binding takes them without complaint: each at most
	 * once and of its declared type. Anything else goes to HAPI, to be refused or converted there.
	 */
	private static boolean asHapiBindsThem(Parameters parameters) {
		int claims = 0;
		int payers = 0;
		int dates = 0;
		for (ParametersParameterComponent parameter : parameters.getParameter()) {
			switch (String.valueOf(parameter.getName())) {
				case "claim" -> claims += parameter.getResource() instanceof Claim && !parameter.hasValue() ? 1 : 2;
				case "payer" -> payers += parameter.getValue() instanceof Reference && !parameter.hasResource() ? 1 : 2;
				case "date" -> dates += parameter.getValue() instanceof DateType && !parameter.hasResource() ? 1 : 2;
				default -> {
				}
			}
		}
		return claims <= 1 && payers <= 1 && dates <= 1;
	}

}
