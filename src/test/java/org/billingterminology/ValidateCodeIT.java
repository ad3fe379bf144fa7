package org.billingterminology;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** $validate-code on CodeSystem and on ValueSet. */
class ValidateCodeIT extends ServerTestSupport {

	private Parameters validateInCodeSystem(String system, String code, String display) {
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(system));
		request.addParameter("code", new CodeType(code));
		if (display != null) {
			request.addParameter("display", new StringType(display));
		}
		return client().operation().onType(CodeSystem.class).named("$validate-code").withParameters(request).execute();
	}

	private Parameters validateInValueSet(String valueSet, String system, String code) {
		return client().operation()
			.onType(ValueSet.class)
			.named("$validate-code")
			.withParameter(Parameters.class, "url", new UriType(VALUE_SETS + valueSet))
			.andParameter("system", new UriType(system))
			.andParameter("code", new CodeType(code))
			.useHttpGet()
			.execute();
	}

	private static boolean result(Parameters parameters) {
		return Boolean.parseBoolean(parameters.getParameterValue("result").primitiveValue());
	}

	private static OperationOutcome issues(Parameters parameters) {
		return (OperationOutcome) parameters.getParameter()
			.stream()
			.filter(p -> p.getName().equals("issues"))
			.findFirst()
			.orElseThrow()
			.getResource();
	}

	@Test
	void knownCodeIsValidWithItsDisplay() {
		Parameters result = validateInCodeSystem(CPT, "77003", null);
		assertThat(result(result)).isTrue();
		assertThat(result.getParameterValue("display").primitiveValue()).contains("spinal");
	}

	@Test
	void wellFormedCodeMissingFromTheCptFragmentIsOnlyAWarning() {
		// CPT here is a fragment: 12345 has the shape of a CPT code and may exist beyond it
		Parameters result = validateInCodeSystem(CPT, "12345", null);
		assertThat(result(result)).isTrue();
		assertThat(issues(result).getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
		assertThat(issues(result).getIssueFirstRep().getDetails().getText()).contains("12345", "fragment");
		assertThat(issues(result).getIssueFirstRep().getDetails().getCodingFirstRep().getCode()).isEqualTo("invalid-code");
	}

	@Test
	void codeThatCannotBeACptCodeIsInvalid() {
		Parameters result = validateInCodeSystem(CPT, "7700X", null);
		assertThat(result(result)).isFalse();
		assertThat(result.getParameterValue("message").primitiveValue()).contains("7700X", "not a CPT code");
		assertThat(issues(result).getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
		assertThat(issues(result).getIssueFirstRep().getDetails().getCodingFirstRep().getCode()).isEqualTo("invalid-code");
	}

	@Test
	void postCoordinatedCptExpressionsFollowHl7sForm() {
		assertThat(result(validateInCodeSystem(CPT, "77003:26", null))).isTrue();
		assertThat(result(validateInCodeSystem(CPT, "77003:59", null))).isTrue();
		assertThat(result(validateInCodeSystem(CPT, "77003:ZZ", null))).isFalse();
		// a base code is not a modifier, and an expression cannot start with one
		assertThat(result(validateInCodeSystem(CPT, "77003:77002", null))).isFalse();
		assertThat(result(validateInCodeSystem(CPT, "26:77003", null))).isFalse();
		// HCPCS modifiers belong to another code system
		assertThat(result(validateInCodeSystem(CPT, "77003:TC", null))).isFalse();
		// the hyphen form that claims often carry is not HL7's expression form
		assertThat(result(validateInCodeSystem(CPT, "77003-26", null))).isFalse();
	}

	@Test
	void wrongDisplayIsReportedAsAnInvalidDisplayIssue() {
		Parameters result = validateInCodeSystem(CPT, "77003", "Some other words");
		assertThat(result(result)).isFalse();
		assertThat(issues(result).getIssueFirstRep().getDetails().getCodingFirstRep().getCode())
			.isEqualTo("invalid-display");
		assertThat(issues(result).getIssueFirstRep().getExpression().get(0).getValue()).endsWith("display");
		assertThat(messageId(issues(result).getIssueFirstRep())).isEqualTo("Display_Name_for__should_be_one_of__instead_of");
		// expression only: the deprecated location would be an extra property to HL7's comparison
		assertThat(issues(result).getIssueFirstRep().getLocation()).isEmpty();
	}

	/** HL7's id for the issue's message, which its validator copies onto its own messages. */
	private static String messageId(OperationOutcome.OperationOutcomeIssueComponent issue) {
		var extension = issue.getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id");
		return extension == null ? null : extension.getValue().primitiveValue();
	}

	@Test
	void codingWithoutUrlIsValidatedAgainstItsOwnSystem() {
		Parameters result = client().operation()
			.onType(CodeSystem.class)
			.named("$validate-code")
			.withParameter(Parameters.class, "coding", new Coding(HCPCS_HTTPS, "XS", null))
			.execute();
		assertThat(result(result)).isTrue();
	}

	/**
	 * Against a value set, where a coding outside it is only a hint: 76000 (a real CPT code, but not
	 * image guidance for 77003) fails on its own, and the CodeableConcept passes through 77003 alone.
	 */
	@Test
	void codeableConceptIsValidWhenOneCodingIs() {
		Coding outside = new Coding(CPT, "76000", null);
		assertThat(result(validateConceptInValueSet("cpt-image-guidance", new CodeableConcept().addCoding(outside))))
			.as("76000 on its own")
			.isFalse();
		Parameters result = validateConceptInValueSet("cpt-image-guidance",
				new CodeableConcept().addCoding(outside).addCoding(new Coding(CPT, "77003", null)));
		assertThat(result(result)).isTrue();
		assertThat(result.getParameterValue("code").primitiveValue()).isEqualTo("77003");
		assertThat(issues(result).getIssue()).anySatisfy(issue -> {
			assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo("this-code-not-in-vs");
			assertThat(issue.getExpression().get(0).getValue()).isEqualTo("CodeableConcept.coding[0].code");
		});
	}

	private Parameters validateConceptInValueSet(String valueSet, CodeableConcept concept) {
		return client().operation()
			.onType(ValueSet.class)
			.named("$validate-code")
			.withParameter(Parameters.class, "url", new UriType(VALUE_SETS + valueSet))
			.andParameter("codeableConcept", concept)
			.execute();
	}

	@Test
	void valueSetMembershipFollowsTheShippedValueSets() {
		assertThat(result(validateInValueSet("cpt-77003-modifiers", CPT, "26"))).isTrue();
		assertThat(result(validateInValueSet("cpt-77003-modifiers", HCPCS, "TC"))).isTrue();
		assertThat(result(validateInValueSet("cpt-77003-modifiers", HCPCS_HTTPS, "TC"))).isTrue();
		assertThat(result(validateInValueSet("cpt-77003-modifiers", CPT, "51"))).isFalse();
		assertThat(result(validateInValueSet("cpt-image-guidance", CPT, "77003"))).isTrue();
		assertThat(result(validateInValueSet("cpt-image-guidance", CPT, "76000"))).isFalse();
		assertThat(result(validateInValueSet("cpt-imaging-included-primaries", CPT, "62323"))).isTrue();
		assertThat(result(validateInValueSet("cpt-77003-reportable-primaries", CPT, "62273"))).isTrue();
		assertThat(result(validateInValueSet("cpt-77003-reportable-primaries", CPT, "62323"))).isFalse();
		assertThat(result(validateInValueSet("all-codes", CPT, "77003:26"))).isTrue();
	}

	@Test
	void codeOutsideTheValueSetSaysNotInValueSet() {
		Parameters result = validateInValueSet("cpt-77003-modifiers", CPT, "51");
		assertThat(issues(result).getIssueFirstRep().getDetails().getCodingFirstRep().getCode()).isEqualTo("not-in-vs");
		assertThat(messageId(issues(result).getIssueFirstRep())).isEqualTo("None_of_the_provided_codes_are_in_the_value_set_one");
	}

	@Test
	void inlineValueSetIsHonoured() {
		ValueSet inline = new ValueSet();
		inline.setUrl("http://example.org/inline");
		inline.getCompose().addInclude().setSystem(CPT).addConcept().setCode("77002");
		Parameters request = new Parameters();
		request.addParameter().setName("valueSet").setResource(inline);
		request.addParameter("coding", new Coding(CPT, "77002", null));
		Parameters result = client().operation().onType(ValueSet.class).named("$validate-code").withParameters(request).execute();
		assertThat(result(result)).isTrue();
	}

	@Test
	void unknownValueSetIs404() {
		var response = get("/ValueSet/$validate-code?url=http://example.org/none&system=" + CPT + "&code=77003");
		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void unknownVersionOfAKnownSystemIsNotFoundAndNamesTheVersions() {
		CodeSystem shipped = ShippedContent.read("CodeSystem-cpt.json", CodeSystem.class);
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(CPT));
		request.addParameter("version", new StringType("1999"));
		request.addParameter("code", new CodeType("77003"));
		Parameters result = client().operation().onType(CodeSystem.class).named("$validate-code").withParameters(request).execute();
		assertThat(result(result)).isFalse();
		assertThat(issues(result).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
		assertThat(issues(result).getIssueFirstRep().getDetails().getText()).contains("1999", shipped.getVersion());
		assertThat(messageId(issues(result).getIssueFirstRep())).isEqualTo("UNKNOWN_CODESYSTEM_VERSION");
		assertThat(result.getParameterValue("x-caused-by-unknown-system").primitiveValue()).isEqualTo(CPT + "|1999");
	}

	@Test
	void inferSystemFindsTheOneSystemOfTheValueSetThatHoldsTheCode() {
		Parameters result = client().operation()
			.onType(ValueSet.class)
			.named("$validate-code")
			.withParameter(Parameters.class, "url", new UriType(VALUE_SETS + "cpt-77003-modifiers"))
			.andParameter("code", new CodeType("TC"))
			.andParameter("inferSystem", new BooleanType(true))
			.execute();
		assertThat(result(result)).isTrue();
		assertThat(result.getParameterValue("system").primitiveValue()).isEqualTo(HCPCS);
	}

	@Test
	void lenientDisplayValidationTurnsAWrongDisplayIntoAWarning() {
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(CPT));
		request.addParameter("code", new CodeType("77003"));
		request.addParameter("display", new StringType("Some other words"));
		request.addParameter("lenient-display-validation", new BooleanType(true));
		Parameters result = client().operation().onType(CodeSystem.class).named("$validate-code").withParameters(request).execute();
		assertThat(result(result)).isTrue();
		assertThat(issues(result).getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
		assertThat(result.getParameterValue("message").primitiveValue()).contains("Wrong Display Name 'Some other words'");
	}

	@Test
	void codeableConceptWithNoValidCodingNamesTheValueSet() {
		CodeableConcept concept = new CodeableConcept().addCoding(new Coding(CPT, "51", null));
		Parameters result = client().operation()
			.onType(ValueSet.class)
			.named("$validate-code")
			.withParameter(Parameters.class, "url", new UriType(VALUE_SETS + "cpt-77003-modifiers"))
			.andParameter("codeableConcept", concept)
			.execute();
		assertThat(result(result)).isFalse();
		assertThat(result.getParameterValue("message").primitiveValue())
			.contains("No valid coding was found for the value set '" + VALUE_SETS + "cpt-77003-modifiers");
		assertThat(issues(result).getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
			assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo("this-code-not-in-vs");
			assertThat(issue.getExpression().get(0).getValue()).isEqualTo("CodeableConcept.coding[0].code");
		});
	}

	@Test
	void aCodeWithNeitherSystemNorUrlIsNotValidInACodeSystem() {
		Parameters result = client().operation()
			.onType(CodeSystem.class)
			.named("$validate-code")
			.withParameter(Parameters.class, "code", new CodeType("77003"))
			.execute();
		assertThat(result(result)).isFalse();
		assertThat(issues(result).getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
		assertThat(issues(result).getIssueFirstRep().getDetails().getText()).contains("Coding has no system");
	}

	/** A designation marked withdrawn is no longer a valid display: still true, with a warning. */
	@Test
	void aWithdrawnDesignationAsDisplayIsAWarning() {
		CodeSystem colours = new CodeSystem().setUrl("http://example.org/validate-code/colours").setVersion("1")
			.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE)
			.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		colours.addConcept().setCode("red").setDisplay("Red").addDesignation().setLanguage("en").setValue("Crimson")
			.addExtension("http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status",
					new CodeType("withdrawn"));
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(colours.getUrl()));
		request.addParameter("code", new CodeType("red"));
		request.addParameter("display", new StringType("Crimson"));
		request.addParameter().setName("tx-resource").setResource(colours);
		Parameters result = client().operation().onType(CodeSystem.class).named("$validate-code").withParameters(request)
			.execute();
		assertThat(result(result)).isTrue();
		OperationOutcome.OperationOutcomeIssueComponent issue = issues(result).getIssueFirstRep();
		assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
		assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo("display-comment");
		assertThat(issue.getDetails().getText()).isEqualTo("'Crimson' is no longer considered a correct display for code"
				+ " 'red' (status = deprecated). The correct display is one of \"Red\".");
		assertThat(messageId(issue)).isEqualTo("INACTIVE_DISPLAY_FOUND");
		// the code's own display is still valid
		request.getParameter("display").setValue(new StringType("Red"));
		assertThat(issuesOrNone(client().operation().onType(CodeSystem.class).named("$validate-code")
			.withParameters(request).execute())).isEmpty();
	}

	private static java.util.List<OperationOutcome.OperationOutcomeIssueComponent> issuesOrNone(Parameters parameters) {
		return parameters.getParameter().stream().filter(p -> p.getName().equals("issues"))
			.flatMap(p -> ((OperationOutcome) p.getResource()).getIssue().stream()).toList();
	}

}
