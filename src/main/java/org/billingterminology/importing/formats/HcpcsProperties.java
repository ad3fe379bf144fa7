package org.billingterminology.importing.formats;

import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.PropertyType;

/** The fields of a code's first HCPCS record as concept properties, named as CMS's record layout names them. */
final class HcpcsProperties {

	private static final String STATUS_URI = "http://hl7.org/fhir/concept-properties#status";

	private static final String INACTIVE_URI = "http://hl7.org/fhir/concept-properties#inactive";

	private static final String CPT_PROPERTY = "http://fhir.billing-terminology.org/CodeSystem/cpt-property#";

	private final ImportedCodeSystem codeSystem;

	HcpcsProperties(ImportedCodeSystem codeSystem) {
		this.codeSystem = codeSystem;
		codeSystem.declare("modifier", CPT_PROPERTY + "modifier", PropertyType.BOOLEAN,
				"True for the two-character modifiers (record identification 7), false for procedure codes (3).");
		codeSystem.declare("kind", CPT_PROPERTY + "kind", PropertyType.CODE,
				"As THO's CPT property: 'hcpcs' for a Level II modifier, 'code' for a procedure or supply code.");
		codeSystem.declare("status", STATUS_URI, PropertyType.CODE,
				"active, or retired once the termination date lies before the release month");
		codeSystem.declare("inactive", INACTIVE_URI, PropertyType.BOOLEAN, "True when the code is retired in this release");
	}

	void add(ConceptDefinitionComponent concept, HcpcsRecord first, boolean modifier, String releaseStart) {
		codeSystem.flag(concept, "modifier", modifier, null);
		codeSystem.code(concept, "kind", modifier ? "hcpcs" : "code", null);
		String terminated = first.date(285, "termination date");
		boolean retired = terminated != null && terminated.compareTo(releaseStart) < 0;
		codeSystem.code(concept, "status", retired ? "retired" : "active", null);
		codeSystem.flag(concept, "inactive", retired, null);
		codeSystem.designation(concept, "short", first.field(92, 119));
		first.repeated(120, 2, 4).forEach(value -> codeSystem.code(concept, "pricing-indicator", value,
				"Pricing indicator (up to four, columns 120-127)"));
		codeSystem.code(concept, "multiple-pricing-indicator", first.field(128, 128),
				"Multiple pricing indicator (column 128)");
		first.repeated(129, 6, 3).forEach(value -> codeSystem.string(concept, "coverage-issues-manual", value,
				"Coverage Issues Manual reference (columns 129-146)"));
		first.repeated(147, 8, 3).forEach(value -> codeSystem.string(concept, "carriers-manual", value,
				"Medicare Carriers Manual reference (columns 147-170)"));
		codeSystem.string(concept, "statute", first.field(171, 180), "Statute (columns 171-180)");
		first.repeated(181, 3, 8).forEach(value -> codeSystem.code(concept, "lab-certification", value,
				"Lab certification code (columns 181-204)"));
		first.repeated(205, 5, 5).forEach(value -> codeSystem.code(concept, "cross-reference", value,
				"Cross-reference code (columns 205-229)"));
		codeSystem.code(concept, "coverage", first.field(230, 230), "Coverage code (column 230): C carrier judgment,"
				+ " D special coverage instructions, I not payable by Medicare, M non-covered by Medicare, S non-covered by statute");
		codeSystem.code(concept, "asc-payment-group", first.field(231, 232), "ASC payment group (columns 231-232)");
		codeSystem.date(concept, "asc-group-effective", first.date(233, "ASC group effective date"),
				"ASC payment group effective date (columns 233-240)");
		codeSystem.code(concept, "betos", first.field(257, 259), "BETOS code (columns 257-259)");
		first.repeated(261, 1, 5).forEach(value -> codeSystem.code(concept, "type-of-service", value,
				"Type of service code (up to five, columns 261-265)"));
		codeSystem.string(concept, "anesthesia-base-units", first.field(266, 268),
				"Anesthesia base units (columns 266-268)");
		codeSystem.date(concept, "added", first.date(269, "code added date"), "Code added date (columns 269-276)");
		codeSystem.date(concept, "action-effective", first.date(277, "action effective date"),
				"Action effective date (columns 277-284)");
		codeSystem.date(concept, "terminated", terminated, "Termination date (columns 285-292): last date the code may be used");
		codeSystem.code(concept, "action", first.field(293, 293), "Action code (column 293): A add, B both descriptions"
				+ " changed, C long description, D discontinue, F administrative field, N no change, P payment, R reactivate,"
				+ " S short description, T miscellaneous");
	}

}
