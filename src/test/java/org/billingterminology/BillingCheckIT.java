package org.billingterminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.ChargeItemDefinition;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * Claim/$billing-check over HTTP: one made-up claim (src/test/resources/billing/Claim-*.json) per
 * rule and verdict, each non-clean verdict with a finding that names its rule and source.
 */
class BillingCheckIT extends ServerTestSupport {

	private static final String RULES = "http://fhir.billing-terminology.org/ChargeItemDefinition/cpt-77003#";

	private static final String MEDICARE_RULES = "http://fhir.billing-terminology.org/ChargeItemDefinition/cpt-77003-medicare#";

	private static final String JSON = "application/fhir+json";

	private Claim fixture(String name) {
		try (InputStream in = getClass().getResourceAsStream("/billing/Claim-" + name + ".json")) {
			return fhirContext.newJsonParser().parseResource(Claim.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private Parameters check(Claim claim) {
		return client().operation().onType("Claim").named("$billing-check").withParameter(Parameters.class, "claim", claim)
			.execute();
	}

	private Parameters check(String name) {
		return check(fixture(name));
	}

	private static List<ParametersParameterComponent> lines(Parameters answer) {
		return answer.getParameter().stream().filter(p -> p.getName().equals("line")).toList();
	}

	private static String part(ParametersParameterComponent parent, String name) {
		return parent.getPart().stream().filter(p -> p.getName().equals(name)).findFirst()
			.map(p -> p.getValue().primitiveValue()).orElse(null);
	}

	private static List<String> parts(ParametersParameterComponent parent, String name) {
		return parent.getPart().stream().filter(p -> p.getName().equals(name)).map(p -> p.getValue().primitiveValue()).toList();
	}

	private static List<ParametersParameterComponent> findings(ParametersParameterComponent line) {
		return line.getPart().stream().filter(p -> p.getName().equals("finding")).toList();
	}

	/** Each line's sequence -> verdict. */
	private static Map<String, String> verdicts(Parameters answer) {
		return lines(answer).stream().collect(Collectors.toMap(l -> part(l, "sequence"), l -> part(l, "verdict")));
	}

	private static List<String> rules(ParametersParameterComponent line) {
		return findings(line).stream().map(f -> part(f, "rule")).toList();
	}

	private static boolean result(Parameters answer) {
		return Boolean.parseBoolean(answer.getParameterValue("result").primitiveValue());
	}

	@Test
	void theVignettesTransforaminalInjectionAlreadyIncludesTheImaging() {
		Parameters answer = check("vignette-transforaminal");
		assertThat(result(answer)).isFalse();
		assertThat(verdicts(answer)).containsEntry("1", "no-rules").containsEntry("2", "not-separately-reportable");
		ParametersParameterComponent finding = findings(lines(answer).get(1)).get(0);
		assertThat(part(finding, "rule")).isEqualTo(RULES + "imaging-not-in-primary");
		assertThat(part(finding, "severity")).isEqualTo("error");
		assertThat(part(finding, "evidence")).isEqualTo("confirmed");
		assertThat(part(finding, "source")).contains("iframe.ai/medical-coding/reference/77003").contains("A58993");
		assertThat(parts(finding, "related")).containsExactly("1");
		OperationOutcome issues = (OperationOutcome) answer.getParameter("issues").getResource();
		assertThat(issues.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
			assertThat(issue.getExpression()).extracting(e -> e.getValue()).containsExactly("Claim.item[1]");
			assertThat(issue.getDetails().getText()).contains("imaging-not-in-primary");
		});
	}

	@Test
	void theAddOnAloneOrWithAPrimaryOnAnotherDateIsNotReportableAlone() {
		assertThat(verdicts(check("add-on-alone"))).containsEntry("1", "not-reportable-alone");
		Parameters answer = check("primary-on-another-date");
		assertThat(verdicts(answer)).containsEntry("2", "not-reportable-alone");
		ParametersParameterComponent finding = findings(lines(answer).get(1)).get(0);
		assertThat(part(finding, "rule")).isEqualTo(RULES + "primary-on-same-date");
		assertThat(parts(finding, "related")).containsExactly("1");
	}

	@Test
	void aBloodPatchIsAListedPrimary() {
		Parameters answer = check("blood-patch");
		assertThat(result(answer)).isTrue();
		assertThat(verdicts(answer)).containsEntry("2", "reportable");
		ParametersParameterComponent line = lines(answer).get(1);
		assertThat(findings(line)).isEmpty();
		assertThat(parts(line, "rulesApplied")).containsExactly(
				"http://fhir.billing-terminology.org/ChargeItemDefinition/cpt-77003|0.2.0",
				"http://fhir.billing-terminology.org/ChargeItemDefinition/cpt-77003-aetna|0.2.0");
		// what is not known is said, not treated as a limit
		assertThat(parts(line, "notChecked")).anySatisfy(n -> assertThat(n).startsWith("MUE").contains("data not available"));
	}

	@Test
	void conflictingModifiersAreNotReportableAsCoded() {
		Parameters both = check("both-components-one-line");
		assertThat(verdicts(both)).containsEntry("2", "not-reportable-as-coded");
		assertThat(rules(lines(both).get(1))).contains(RULES + "one-component-modifier");
		Parameters x = check("59-with-xs");
		assertThat(verdicts(x)).containsEntry("2", "not-reportable-as-coded");
		assertThat(rules(lines(x).get(1))).containsExactly(RULES + "no-59-with-x-modifier");
	}

	@Test
	void aRuleHoldsOnlyForTheDatesOfServiceItNames() {
		// the X modifiers date from 2015-01-01
		assertThat(verdicts(check("x-modifier-before-2015"))).containsEntry("2", "reportable");
	}

	@Test
	void modifier51OrTwoUnitsOnTheAddOnNeedAReview() {
		Parameters fiftyOne = check("51-on-add-on");
		assertThat(result(fiftyOne)).as("a review is not an error").isTrue();
		assertThat(verdicts(fiftyOne)).containsEntry("2", "review");
		assertThat(rules(lines(fiftyOne).get(1))).containsExactly(RULES + "no-51-on-add-on");
		Parameters units = check("two-units");
		assertThat(verdicts(units)).containsEntry("2", "review");
		assertThat(rules(lines(units).get(1))).containsExactly(RULES + "one-unit-per-region");
	}

	@Test
	void aPrimaryNeitherListedNorExcludedNeedsAReviewPointingTo77002() {
		Parameters answer = check("unlisted-primary");
		assertThat(verdicts(answer)).containsEntry("1", "no-rules").containsEntry("2", "review");
		ParametersParameterComponent finding = findings(lines(answer).get(1)).get(0);
		assertThat(part(finding, "rule")).isEqualTo(RULES + "primary-listed-by-cpt");
		assertThat(part(finding, "message")).contains("77002").contains("20610");
		assertThat(parts(finding, "related")).containsExactly("1");
	}

	@Test
	void medicareTechnicalComponentForAHospitalPatientIsNotReportableAsCoded() {
		Claim claim = fixture("medicare-tc-hospital");
		Parameters medicare = check(claim);
		assertThat(verdicts(medicare)).containsEntry("2", "not-reportable-as-coded");
		ParametersParameterComponent finding = findings(lines(medicare).get(1)).get(0);
		assertThat(part(finding, "rule")).isEqualTo(MEDICARE_RULES + "tc-not-for-hospital-patients");
		assertThat(part(finding, "source")).contains("noridianmedicare.com");
		// the rule is Medicare's own: another payer's claim is not judged by it
		claim.setInsurer(new Reference("Organization/aetna"));
		assertThat(verdicts(check(claim))).containsEntry("2", "reportable");
		// an institutional claim is the hospital's own bill
		Claim institutional = fixture("medicare-tc-hospital");
		institutional.getType().getCodingFirstRep().setCode("institutional");
		assertThat(verdicts(check(institutional))).containsEntry("2", "reportable");
	}

	@Test
	void medicareTechnicalComponentAtAnAmbulatorySurgicalCenterNeedsAReview() {
		Parameters answer = check("medicare-tc-asc");
		assertThat(verdicts(answer)).containsEntry("2", "review");
		ParametersParameterComponent finding = findings(lines(answer).get(1)).get(0);
		assertThat(part(finding, "rule")).isEqualTo(MEDICARE_RULES + "tc-at-ambulatory-surgical-center");
		assertThat(part(finding, "evidence")).isEqualTo("partly-confirmed");
	}

	@Test
	void bothComponentsFromOneProviderNeedAReview() {
		Parameters answer = check("split-components");
		assertThat(verdicts(answer)).containsEntry("2", "review").containsEntry("3", "review");
		ParametersParameterComponent finding = findings(lines(answer).get(1)).get(0);
		assertThat(part(finding, "rule")).isEqualTo(RULES + "components-from-one-provider");
		assertThat(parts(finding, "related")).containsExactly("3");
	}

	@Test
	void linesAreNormalisedAndEachChangeIsSaid() {
		String body = """
				{"resourceType":"Parameters","parameter":[
				 {"name":"line","part":[{"name":"code","valueCoding":{"system":"http://www.ama-assn.org/go/cpt","code":"62273"}}]},
				 {"name":"line","part":[{"name":"code","valueCoding":{"system":"http://www.ama-assn.org/go/cpt","code":"77003:26"}},
				  {"name":"modifier","valueCoding":{"system":"https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets","code":"XS"}},
				  {"name":"modifier","valueCoding":{"code":"59"}}]},
				 {"name":"date","valueDate":"2026-03-02"},
				 {"name":"payer","valueReference":{"reference":"Organization/medicare"}}]}""";
		HttpResponse<String> response = post("/Claim/$billing-check", JSON, body);
		assertThat(response.statusCode()).isEqualTo(200);
		Parameters answer = parse(response, Parameters.class);
		ParametersParameterComponent line = lines(answer).get(1);
		assertThat(part(line, "code")).isNull();
		assertThat(line.getPart().stream().filter(p -> p.getName().equals("code")).findFirst().orElseThrow().getValue())
			.extracting(v -> ((org.hl7.fhir.r4.model.Coding) v).getCode()).isEqualTo("77003");
		// 59 with XS: only found if the https url was read as HCPCS and 59 was taken as CPT
		assertThat(part(line, "verdict")).isEqualTo("not-reportable-as-coded");
		OperationOutcome issues = (OperationOutcome) answer.getParameter("issues").getResource();
		assertThat(issues.getIssue()).extracting(i -> i.getDetails().getText())
			.anySatisfy(t -> assertThat(t).contains("split into code 77003"))
			.anySatisfy(t -> assertThat(t).contains("'59' had no system"))
			.anySatisfy(t -> assertThat(t).contains("read as its canonical url " + HCPCS));
	}

	/** Our compact JSON writer and HAPI's encoder (asked for by _summary=false) give the same bytes. */
	@Test
	void theFastJsonAnswerIsExactlyWhatHapiWrites() {
		for (String name : List.of("vignette-transforaminal", "split-components", "blood-patch", "medicare-tc-hospital")) {
			Parameters request = new Parameters();
			request.addParameter().setName("claim").setResource(fixture(name));
			String body = fhirContext.newJsonParser().encodeResourceToString(request);
			HttpResponse<String> ours = post("/Claim/$billing-check", JSON, body);
			HttpResponse<String> hapis = post("/Claim/$billing-check?_summary=false", JSON, body);
			assertThat(ours.statusCode()).isEqualTo(200);
			assertThat(ours.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/fhir+json");
			assertThat(ours.body()).as(name).isEqualTo(hapis.body()).contains("\"verdict\"");
		}
		// XML is HAPI's to write
		Parameters request = new Parameters();
		request.addParameter().setName("claim").setResource(fixture("vignette-transforaminal"));
		HttpResponse<String> xml = post("/Claim/$billing-check?_format=xml", JSON,
				fhirContext.newJsonParser().encodeResourceToString(request));
		assertThat(xml.body()).startsWith("<Parameters").contains("not-separately-reportable");
	}

	@Test
	void badInputIsA400NamingTheProblem() {
		Map<String, String> cases = Map.of(
				"{\"resourceType\":\"Claim\",\"status\":\"active\"}", "POST a Parameters resource",
				"{\"resourceType\":\"Parameters\"}", "Give a claim",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"claim\",\"resource\":{\"resourceType\":\"Claim\",\"status\":\"active\"}}]}",
				"no items",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"line\",\"part\":[{\"name\":\"units\",\"valueInteger\":2}]}]}",
				"line[0] has no code",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"line\",\"part\":[{\"name\":\"code\",\"valueCoding\":{\"code\":\"77003\"}},{\"name\":\"serviced\",\"valueDate\":\"2026-13-45\"}]}]}",
				"2026-13-45",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"line\",\"part\":[{\"name\":\"code\",\"valueCoding\":{\"code\":\"77003\"}},{\"name\":\"units\",\"valueInteger\":0}]}]}",
				"whole number",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"line\",\"part\":[{\"name\":\"code\",\"valueCoding\":{\"code\":\"hello\"}}]}]}",
				"has no system",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"line\",\"part\":[{\"name\":\"colour\",\"valueString\":\"red\"}]}]}",
				"unknown part 'colour'");
		cases.forEach((body, problem) -> {
			HttpResponse<String> response = post("/Claim/$billing-check", JSON, body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(parse(response, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).as(body).contains(problem);
		});
	}

	@Test
	void theOperationIsDeclaredWithOurOwnDefinitionWhichIsReadable() {
		CapabilityStatement metadata = client().capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(metadata.getRestFirstRep().getResource())
			.filteredOn(r -> r.getType().equals("Claim"))
			.flatExtracting(r -> r.getOperation())
			.anySatisfy(op -> {
				assertThat(op.getName()).isEqualTo("billing-check");
				assertThat(op.getDefinition()).isEqualTo("http://fhir.billing-terminology.org/OperationDefinition/Claim-billing-check");
			});
		OperationDefinition definition = client().read().resource(OperationDefinition.class).withId("Claim-billing-check").execute();
		assertThat(definition.getUrl()).isEqualTo("http://fhir.billing-terminology.org/OperationDefinition/Claim-billing-check");
		assertThat(definition.getParameter()).extracting(p -> p.getName()).contains("claim", "line", "payer", "result", "issues");
	}

	@Test
	void aRuleThatReadsAnElementAClaimLineDoesNotHaveIsRefused() {
		ChargeItemDefinition bad = client().read().resource(ChargeItemDefinition.class).withId("cpt-77003").execute().copy();
		bad.setId("bad-rule-test");
		bad.setUrl("http://example.org/fhir/ChargeItemDefinition/bad-rule-test");
		// another code, so that nothing else is judged by it should it be stored after all
		bad.getCode().getCodingFirstRep().setCode("99999");
		bad.getApplicability().get(0).setExpression("%resource.item.where(servicedDate = %context.servicedDate).exists()");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> adminClient().update().resource(bad).execute())
			.isInstanceOf(UnprocessableEntityException.class)
			.hasMessageContaining("primary-on-same-date")
			.hasMessageContaining("servicedDate");
	}

}
