package org.billingterminology.outcome;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.XhtmlType;

/**
 * FHIR's rule ele-1, which HAPI's parsers do not apply: a primitive element has a value or an
 * extension. {@code "valueSet": [null]} in JSON or {@code <valueSet/>} in XML arrive as a
 * canonical without a value, and code that reads a canonical expects one.
 */
public final class EmptyElementRule {

	private EmptyElementRule() {
	}

	/** The path of the first primitive with neither value nor extension, or null when there is none. */
	public static String firstEmpty(Base element, String path) {
		// a resource's id is an empty IdType whenever the body has none: HAPI's doing, not the client's
		// a narrative's div is XHTML, which the R4 model shows as a primitive with no string value
		if (element instanceof PrimitiveType<?> primitive && !(element instanceof IdType) && !(element instanceof XhtmlType)
				&& primitive.getValueAsString() == null && !primitive.hasExtension()) {
			return path;
		}
		// HAPI's terser skips empty elements, so the walk is by hand over the R4 model's children
		for (Property property : element.children()) {
			for (Base child : property.getValues()) {
				String empty = child == null ? null : firstEmpty(child, path + "." + property.getName());
				if (empty != null) {
					return empty;
				}
			}
		}
		return null;
	}

}
