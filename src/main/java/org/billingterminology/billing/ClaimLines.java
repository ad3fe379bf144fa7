package org.billingterminology.billing;

import java.util.Set;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Claim.ItemComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;

/** One {@code line} part of a $billing-check request as a claim item. */
final class ClaimLines {

	private static final Set<String> PARTS = Set.of("sequence", "code", "modifier", "units", "placeOfService", "serviced");

	private ClaimLines() {
	}

	static ItemComponent item(ParametersParameterComponent line, int index) {
		String where = "line[" + index + "]";
		ItemComponent item = new ItemComponent();
		for (ParametersParameterComponent part : line.getPart()) {
			if (!PARTS.contains(part.getName())) {
				throw new InvalidRequestException(where + " has an unknown part '" + part.getName() + "'; a line has "
						+ new java.util.TreeSet<>(PARTS));
			}
			Type value = part.getValue();
			switch (part.getName()) {
				case "sequence" -> item.setSequence(whole(value, where + ".sequence"));
				case "code" -> item.setProductOrService(new CodeableConcept(coding(value, where + ".code")));
				case "modifier" -> item.addModifier(new CodeableConcept(coding(value, where + ".modifier")));
				case "units" -> item.setQuantity(new Quantity().setValue(whole(value, where + ".units")));
				case "placeOfService" -> item.setLocation(new CodeableConcept(coding(value, where + ".placeOfService")));
				default -> item.setServiced(value);
			}
		}
		if (!item.getProductOrService().hasCoding()) {
			throw new InvalidRequestException(where + " has no code");
		}
		return item;
	}

	private static Coding coding(Type value, String where) {
		if (value instanceof Coding coding && coding.hasCode()) {
			return coding;
		}
		throw new InvalidRequestException(where + " must be a Coding with a code");
	}

	private static int whole(Type value, String where) {
		if (value instanceof IntegerType integer && integer.getValue() != null && integer.getValue() > 0) {
			return integer.getValue();
		}
		if (value instanceof DecimalType decimal && decimal.getValue() != null && decimal.getValue().signum() > 0
				&& decimal.getValue().stripTrailingZeros().scale() <= 0 && decimal.getValue().compareTo(java.math.BigDecimal.valueOf(9999)) <= 0) {
			return decimal.getValue().intValueExact();
		}
		throw new InvalidRequestException(where + " must be a whole number of at least 1");
	}

}
