package org.billingterminology;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work budget of one request, against the test server's budget of
 * {@value ServerTestSupport#MAX_WORK_STEPS} steps: what an honest request needs stays far below it
 * however it is shaped (value sets nested many times over, deep hierarchies), and what needs more
 * ends at it with a 422 too-costly naming the limit.
 */
class WorkBudgetIT extends ServerTestSupport {

	private static final String SYSTEM = "http://example.org/budget/CodeSystem/letters";

	private static final String NESTED = "http://example.org/budget/ValueSet/nested-";

	private static CodeSystem codeSystem(List<String> codes) {
		CodeSystem codeSystem = new CodeSystem();
		codeSystem.setUrl(SYSTEM).setVersion("1").setStatus(PublicationStatus.ACTIVE);
		codeSystem.setContent(CodeSystemContentMode.COMPLETE).setCaseSensitive(true);
		for (String code : codes) {
			codeSystem.addConcept().setCode(code).setDisplay("Letters " + code);
		}
		return codeSystem;
	}

	private static ValueSet valueSet(String url) {
		ValueSet valueSet = new ValueSet();
		valueSet.setUrl(url).setVersion("1").setStatus(PublicationStatus.ACTIVE);
		return valueSet;
	}

	/**
	 * Level 0 takes in every code whose code matches a regex; each level above imports the one
	 * below twice in one include, so that without memoising, level n is worked out 2^n times.
	 */
	private static List<Resource> nested(int levels) {
		List<Resource> resources = new ArrayList<>();
		resources.add(codeSystem(List.of("a", "b", "c", "d", "e", "f", "g", "h")));
		ValueSet bottom = valueSet(NESTED + 0);
		bottom.getCompose().addInclude().setSystem(SYSTEM).addFilter().setProperty("concept")
			.setOp(ValueSet.FilterOperator.REGEX).setValue("[a-h]");
		resources.add(bottom);
		for (int level = 1; level < levels; level++) {
			ValueSet above = valueSet(NESTED + level);
			above.getCompose().addInclude().addValueSet(NESTED + (level - 1)).addValueSet(NESTED + (level - 1));
			resources.add(above);
		}
		return resources;
	}

	private HttpResponse<String> operation(String path, Parameters request, List<Resource> txResources) {
		txResources.forEach(resource -> request.addParameter().setName("tx-resource").setResource(resource));
		return post(path, "application/fhir+json", fhirContext.newJsonParser().encodeResourceToString(request));
	}

	private void assertTooCostly(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
		OperationOutcome outcome = parse(answer, OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TOOCOSTLY);
		assertThat(outcome.getIssueFirstRep().getDetails().getText()).contains("more than " + MAX_WORK_STEPS + " steps")
			.contains("terminology.max-work-steps");
	}

	@Test
	void aValueSetImportedTwiceOverAtEveryLevelIsExpandedOnceAtEachLevel() {
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(NESTED + 19));
		HttpResponse<String> answer = operation("/ValueSet/$expand", request, nested(20));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		ValueSet expansion = parse(answer, ValueSet.class);
		assertThat(expansion.getExpansion().getContains()).extracting(c -> c.getCode())
			.containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
	}

	@Test
	void aValueSetImportedTwiceOverAtEveryLevelIsTestedOnceAtEachLevel() {
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(NESTED + 19));
		request.addParameter("coding", new Coding(SYSTEM, "c", null));
		HttpResponse<String> answer = operation("/ValueSet/$validate-code", request, nested(20));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(parse(answer, Parameters.class).getParameterValue("result").primitiveValue()).isEqualTo("true");
	}

	@Test
	void aHierarchyThousandsDeepIsWalkedOnceNotOncePerConcept() {
		CodeSystem chain = codeSystem(List.of());
		for (int i = 0; i < 2_000; i++) {
			var concept = chain.addConcept().setCode("c" + i).setDisplay("Step " + i);
			if (i > 0) {
				concept.addProperty().setCode("parent").setValue(new CodeType("c" + (i - 1)));
			}
		}
		ValueSet below = valueSet("http://example.org/budget/ValueSet/below-root");
		below.getCompose().addInclude().setSystem(SYSTEM).addFilter().setProperty("concept")
			.setOp(ValueSet.FilterOperator.ISA).setValue("c0");
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(below.getUrl()));
		request.addParameter("count", new IntegerType(5));
		HttpResponse<String> answer = operation("/ValueSet/$expand", request, List.of(chain, below));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		ValueSet expansion = parse(answer, ValueSet.class);
		assertThat(expansion.getExpansion().getTotal()).isEqualTo(2_000);
		assertThat(expansion.getExpansion().getContains()).hasSize(5);
	}

	@Test
	void aRegexThatBacktracksOnEveryConceptEndsAtTheBudgetAsTooCostly() {
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			codes.add("a".repeat(32) + "b" + i);
		}
		ValueSet backtracking = valueSet("http://example.org/budget/ValueSet/backtracking");
		backtracking.getCompose().addInclude().setSystem(SYSTEM).addFilter().setProperty("concept")
			.setOp(ValueSet.FilterOperator.REGEX).setValue("(.*a){12}c");
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(backtracking.getUrl()));
		assertTooCostly(operation("/ValueSet/$expand", request, List.of(codeSystem(codes), backtracking)));
		// the server is still there for everyone else
		assertThat(get("/CodeSystem/$lookup?system=" + CPT + "&code=77003").statusCode()).isEqualTo(200);
	}

}
