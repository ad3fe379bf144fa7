package org.billingterminology.terminology.valueset;

import java.util.List;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.billingterminology.terminology.model.Snapshot;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Membership of one code, and the full member list, where value sets import other value sets. */
class MembershipThroughImportsTests {

	private static final String CODES = "http://example.org/codes";

	private static CodeSystem codeSystem() {
		CodeSystem codeSystem = new CodeSystem().setUrl(CODES).setVersion("1").setContent(CodeSystemContentMode.COMPLETE);
		codeSystem.setId("codes");
		for (String code : List.of("a", "b", "c", "d")) {
			codeSystem.addConcept().setCode(code).setDisplay(code.toUpperCase());
		}
		return codeSystem;
	}

	private static ValueSet valueSet(String name) {
		ValueSet valueSet = new ValueSet().setUrl("http://example.org/vs/" + name).setVersion("1");
		valueSet.setId(name);
		return valueSet;
	}

	private static ConceptSetComponent codes(ValueSet valueSet, String... codes) {
		ConceptSetComponent include = valueSet.getCompose().addInclude().setSystem(CODES);
		for (String code : codes) {
			include.addConcept().setCode(code);
		}
		return include;
	}

	private static ValueSetContents contents(Resource... resources) {
		List<Resource> all = new java.util.ArrayList<>(List.of(resources));
		all.add(codeSystem());
		return new ValueSetContents(Snapshot.of(all), 1000);
	}

	@Test
	void aCodeOfAnImportedValueSetIsAMember() {
		ValueSet inner = valueSet("inner");
		codes(inner, "a", "b");
		ValueSet outer = valueSet("outer");
		outer.getCompose().addInclude().addValueSet(inner.getUrl());
		codes(outer, "c");
		ValueSetContents contents = contents(inner, outer);
		assertThat(contents.member(outer, CODES, "a")).isPresent();
		assertThat(contents.member(outer, CODES, "c")).isPresent();
		assertThat(contents.member(outer, CODES, "d")).isEmpty();
		assertThat(contents.members(outer)).extracting(ExpansionItem::code).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(contents.importedValueSets(outer)).containsExactly(inner);
	}

	@Test
	void anIncludeWithASystemAndAnImportTakesOnlyCodesInBoth() {
		ValueSet inner = valueSet("inner");
		codes(inner, "a", "b");
		ValueSet outer = valueSet("outer");
		codes(outer, "b", "c").addValueSet(inner.getUrl());
		ValueSetContents contents = contents(inner, outer);
		assertThat(contents.member(outer, CODES, "b")).isPresent();
		assertThat(contents.member(outer, CODES, "a")).isEmpty();
		assertThat(contents.member(outer, CODES, "c")).isEmpty();
		assertThat(contents.members(outer)).extracting(ExpansionItem::code).containsExactly("b");
	}

	@Test
	void anExcludedImportTakesItsCodesOut() {
		ValueSet excluded = valueSet("excluded");
		codes(excluded, "a");
		ValueSet outer = valueSet("outer");
		outer.getCompose().addInclude().setSystem(CODES);
		outer.getCompose().addExclude().addValueSet(excluded.getUrl());
		ValueSetContents contents = contents(excluded, outer);
		assertThat(contents.member(outer, CODES, "a")).isEmpty();
		assertThat(contents.member(outer, CODES, "b")).isPresent();
		assertThat(contents.members(outer)).extracting(ExpansionItem::code).containsExactly("b", "c", "d");
	}

	@Test
	void aMissingImportIsNamedAndAnImportCircleIsRefused() {
		ValueSet outer = valueSet("outer");
		outer.getCompose().addInclude().addValueSet("http://example.org/vs/nowhere");
		assertThat(contents(outer).missingImport(outer)).contains("http://example.org/vs/nowhere");

		ValueSet first = valueSet("first");
		ValueSet second = valueSet("second");
		first.getCompose().addInclude().addValueSet(second.getUrl());
		second.getCompose().addInclude().addValueSet(first.getUrl());
		ValueSetContents circle = contents(first, second);
		assertThatThrownBy(() -> circle.member(first, CODES, "a")).isInstanceOf(UnprocessableEntityException.class)
			.hasMessageContaining("circularity");
		assertThatThrownBy(() -> circle.members(first)).isInstanceOf(UnprocessableEntityException.class);
	}

}
