package org.billingterminology;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValueSetExpandIT extends ServerTestSupport {

	private static final String CONTAINS_PROPERTY = "http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.contains.property";

	private ValueSet expand(String url, Parameters extra) {
		Parameters request = extra == null ? new Parameters() : extra;
		request.addParameter("url", new UriType(url));
		return client().operation().onType(ValueSet.class).named("$expand").withParameters(request).returnResourceType(ValueSet.class).execute();
	}

	private static List<String> codes(ValueSet expansion) {
		return expansion.getExpansion().getContains().stream().map(c -> c.getSystem() + "|" + c.getCode()).toList();
	}

	/** What the shipped file says the value set holds: listed concepts, or every concept of an included system. */
	private static List<String> expectedCodes(ValueSet valueSet) {
		List<String> codes = new ArrayList<>();
		for (var include : valueSet.getCompose().getInclude()) {
			assertThat(include.hasFilter() || include.hasValueSet()).as("test knows listed and whole-system includes only").isFalse();
			if (include.hasConcept()) {
				include.getConcept().forEach(c -> codes.add(include.getSystem() + "|" + c.getCode()));
			}
			else {
				CodeSystem codeSystem = ShippedContent.all(CodeSystem.class)
					.stream()
					.filter(cs -> cs.getUrl().equals(include.getSystem()))
					.findFirst()
					.orElseThrow();
				codeSystem.getConcept().forEach(c -> codes.add(include.getSystem() + "|" + c.getCode()));
			}
		}
		return codes;
	}

	@Test
	void everyShippedValueSetExpandsToExactlyTheCodesItsFileNames() {
		List<ValueSet> shipped = ShippedContent.all(ValueSet.class);
		assertThat(shipped).hasSizeGreaterThanOrEqualTo(5);
		for (ValueSet valueSet : shipped) {
			ValueSet expansion = expand(valueSet.getUrl(), null);
			assertThat(codes(expansion)).as(valueSet.getUrl()).containsExactlyInAnyOrderElementsOf(expectedCodes(valueSet));
			assertThat(expansion.getExpansion().getTotal()).isEqualTo(expectedCodes(valueSet).size());
		}
	}

	@Test
	void countAndOffsetPageThroughTheExpansion() {
		String url = VALUE_SETS + "cpt-imaging-included-primaries";
		List<String> all = codes(expand(url, null));
		Parameters page = new Parameters();
		page.addParameter("count", new IntegerType(5));
		page.addParameter("offset", new IntegerType(3));
		ValueSet expansion = expand(url, page);
		assertThat(codes(expansion)).containsExactlyElementsOf(all.subList(3, 8));
		assertThat(expansion.getExpansion().getTotal()).isEqualTo(all.size());
		assertThat(expansion.getExpansion().getOffset()).isEqualTo(3);
	}

	@Test
	void pagingWorksByGetAsWell() {
		var response = get("/ValueSet/$expand?url=" + VALUE_SETS + "all-codes&count=2&offset=0");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(parse(response, ValueSet.class).getExpansion().getContains()).hasSize(2);
	}

	@Test
	void filterMatchesWordsOfTheDisplay() {
		Parameters filter = new Parameters();
		filter.addParameter("filter", new StringType("work"));
		ValueSet expansion = expand(VALUE_SETS + "cpt-77003-modifiers", filter);
		assertThat(expansion.getExpansion().getContains()).extracting(ValueSetExpansionContainsComponent::getCode)
			.containsExactly("26");
	}

	@Test
	void activeOnlyDropsTheRetiredCode() {
		Parameters activeOnly = new Parameters();
		activeOnly.addParameter("activeOnly", new BooleanType(true));
		assertThat(codes(expand(VALUE_SETS + "all-codes", null))).contains(CPT + "|76005");
		assertThat(codes(expand(VALUE_SETS + "all-codes", activeOnly))).doesNotContain(CPT + "|76005");
	}

	@Test
	void retiredCodeIsMarkedInactive() {
		ValueSet expansion = expand(VALUE_SETS + "all-codes", null);
		assertThat(expansion.getExpansion().getContains())
			.filteredOn(c -> c.getCode().equals("76005"))
			.singleElement()
			.satisfies(c -> assertThat(c.getInactive()).isTrue());
	}

	@Test
	void includeDefinitionReturnsTheValueSetDefinition() {
		Parameters request = new Parameters();
		request.addParameter("includeDefinition", new BooleanType(true));
		assertThat(expand(VALUE_SETS + "cpt-image-guidance", request).getCompose().getInclude()).isNotEmpty();
		assertThat(expand(VALUE_SETS + "cpt-image-guidance", null).hasCompose()).isFalse();
	}

	@Test
	void propertyDefinitionAddsOurParaphraseToEachCode() {
		Parameters request = new Parameters();
		request.addParameter("property", new CodeType("definition"));
		ValueSet expansion = expand(VALUE_SETS + "cpt-image-guidance", request);
		var property = expansion.getExpansion().getContainsFirstRep().getExtensionByUrl(CONTAINS_PROPERTY);
		assertThat(property.getExtensionString("code")).isEqualTo("definition");
		assertThat(property.getExtensionByUrl("value").getValue().primitiveValue()).isNotBlank();
	}

	@Test
	void badPagingParametersAre400WithoutInternals() {
		for (String query : List.of("count=abc", "count=-1", "offset=-5", "offset=x")) {
			var response = get("/ValueSet/$expand?url=" + VALUE_SETS + "all-codes&" + query);
			assertThat(response.statusCode()).as(query).isEqualTo(400);
			assertThat(response.body()).as(query).contains("OperationOutcome").doesNotContain("java.", "Exception");
		}
	}

	@Test
	void expandByInstanceIdWorks() {
		var response = get("/ValueSet/cpt-image-guidance/$expand");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(parse(response, ValueSet.class).getExpansion().getTotal()).isEqualTo(5);
	}

	/** HL7's X-TOO-COSTLY-THRESHOLD lowers the limit of an unpaged expansion, for that request only. */
	@Test
	void aTooCostlyThresholdRefusesALargerUnpagedExpansion() {
		String path = "/ValueSet/$expand?url=" + VALUE_SETS + "cpt-image-guidance";
		// answered and kept by the replay cache first, which must not answer the request below
		assertThat(get(path).statusCode()).isEqualTo(200);
		assertThat(get(path).statusCode()).isEqualTo(200);
		var refused = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + path))
			.header("Accept", "application/fhir+json").header("X-TOO-COSTLY-THRESHOLD", "4"));
		assertThat(refused.statusCode()).isEqualTo(422);
		var issue = parse(refused, org.hl7.fhir.r4.model.OperationOutcome.class).getIssueFirstRep();
		assertThat(issue.getCode().toCode()).isEqualTo("too-costly");
		assertThat(issue.getDetails().getText()).contains("too many codes", "more than 4");
		assertThat(issue.getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id")
			.getValue().primitiveValue()).isEqualTo("VALUESET_TOO_COSTLY");
		// a page within it, the same threshold or higher, and no header at all: answered
		for (String[] request : new String[][] { { path + "&count=2", "4" }, { path, "5" }, { path, "1000000" } }) {
			var answered = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + request[0]))
				.header("Accept", "application/fhir+json").header("X-TOO-COSTLY-THRESHOLD", request[1]));
			assertThat(answered.statusCode()).as(String.join(" ", request)).isEqualTo(200);
		}
		assertThat(get(path).statusCode()).isEqualTo(200);
		var bad = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + path))
			.header("Accept", "application/fhir+json").header("X-TOO-COSTLY-THRESHOLD", "lots"));
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("X-TOO-COSTLY-THRESHOLD");
	}

}
