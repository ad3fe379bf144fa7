package org.billingterminology.terminology;

/**
 * Where a coding sits in a $validate-code request, for the expression of each issue: the separate
 * code/system/display/version parameters, a Coding, or one coding of a CodeableConcept.
 */
record Paths(String root, String code, String system, String display, String version) {

	static final Paths PARAMETERS = new Paths("code", "code", "system", "display", "version");

	static final Paths CODING = of("Coding");

	static Paths of(String root) {
		return new Paths(root, root + ".code", root + ".system", root + ".display", root + ".version");
	}

	static Paths codeableConcept(int index) {
		return of("CodeableConcept.coding[" + index + "]");
	}

}
