package org.billingterminology.terminology.valueset;

import java.util.List;

import org.billingterminology.terminology.model.Snapshot;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** $expand's filter: every word starts the code or a display word, whether read from the word index or checked on one item. */
class TextFilterTests {

	private static final String CODES = "http://example.org/words";

	private static List<String> codesMatching(String filter) {
		CodeSystem codeSystem = new CodeSystem().setUrl(CODES).setVersion("1").setContent(CodeSystemContentMode.COMPLETE);
		codeSystem.addConcept().setCode("77003").setDisplay("Fluoroscopic guidance, spinal needle");
		codeSystem.addConcept().setCode("77002").setDisplay("Fluoroscopic guidance (other needle)");
		codeSystem.addConcept().setCode("64483").setDisplay("Transforaminal epidural injection");
		codeSystem.addConcept().setCode("X77").setDisplay("Needle-free method");
		ValueSet valueSet = new ValueSet().setUrl("http://example.org/vs/words");
		valueSet.getCompose().addInclude().setSystem(CODES);
		ValueSetContents contents = new ValueSetContents(Snapshot.of(List.of(codeSystem)), 1000)
			.onlyMatching(TextFilter.of(filter));
		return contents.members(valueSet).stream().map(ExpansionItem::code).toList();
	}

	@Test
	void everyWordMustStartADisplayWordOrTheCode() {
		assertThat(codesMatching("fluoro needle")).containsExactly("77003", "77002");
		assertThat(codesMatching("FLUORO spinal")).containsExactly("77003");
		assertThat(codesMatching("770")).containsExactly("77003", "77002");
		assertThat(codesMatching("needle")).containsExactly("77003", "77002", "X77");
		// inside a word does not count, nor inside a code
		assertThat(codesMatching("oroscopic")).isEmpty();
		assertThat(codesMatching("003")).isEmpty();
		assertThat(codesMatching("free")).containsExactly("X77");
	}

	@Test
	void oneItemIsCheckedTheSameWay() {
		TextFilter filter = TextFilter.of("guid 770");
		assertThat(filter.matches("77003", "Fluoroscopic guidance")).isTrue();
		assertThat(filter.matches("64483", "Fluoroscopic guidance")).isFalse();
		assertThat(filter.matches("77003", "Unguided")).isFalse();
		assertThat(TextFilter.of("  ")).isNull();
	}

}
