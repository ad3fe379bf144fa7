package org.billingterminology.terminology.validation;

/**
 * Where a coding sits in a $validate-code request, for the expression of each issue: the separate
 * code/system/display/version parameters, a Coding, or one coding of a CodeableConcept.
 */
public record CodingPaths(String root, String code, String system, String display, String version) {

	public static final CodingPaths PARAMETERS = new CodingPaths("code", "code", "system", "display", "version");

	public static final CodingPaths CODING = of("Coding");

	static CodingPaths of(String root) {
		return new CodingPaths(root, root + ".code", root + ".system", root + ".display", root + ".version");
	}

	static CodingPaths codeableConcept(int index) {
		return of("CodeableConcept.coding[" + index + "]");
	}

}
