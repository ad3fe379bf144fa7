package org.billingterminology.terminology.valueset;

import java.util.List;
import java.util.stream.StreamSupport;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;
import org.hl7.fhir.r4.model.ValueSet.FilterOperator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter operators, on a small hierarchy: imaging > fluoroscopy > (spine, joint), imaging > ultrasound. */
class ConceptFiltersTests {

	private static final CodeSystemIndex CODES = codes();

	private static CodeSystemIndex codes() {
		CodeSystem codeSystem = new CodeSystem().setUrl("http://example.org/imaging").setContent(CodeSystemContentMode.COMPLETE);
		codeSystem.addProperty().setCode("kind").setType(CodeSystem.PropertyType.CODE);
		ConceptDefinitionComponent imaging = codeSystem.addConcept().setCode("imaging").setDisplay("Imaging");
		ConceptDefinitionComponent fluoroscopy = imaging.addConcept().setCode("fluoro").setDisplay("Fluoroscopic guidance");
		fluoroscopy.addConcept().setCode("spine").setDisplay("Spine injection").addProperty().setCode("kind")
			.setValue(new CodeType("needle"));
		fluoroscopy.addConcept().setCode("joint").setDisplay("Joint injection");
		imaging.addConcept().setCode("us").setDisplay("Ultrasound guidance");
		return CodeSystemIndex.of(codeSystem);
	}

	private static List<String> matching(String property, FilterOperator op, String value) {
		ConceptSetFilterComponent filter = new ConceptSetFilterComponent().setProperty(property).setOp(op).setValue(value);
		return StreamSupport.stream(CODES.concepts().spliterator(), false)
			.filter(concept -> ConceptFilters.matchesAll(CODES, concept, List.of(filter)))
			.map(ConceptDefinitionComponent::getCode)
			.toList();
	}

	@Test
	void hierarchyOperatorsFollowTheNesting() {
		assertThat(matching("concept", FilterOperator.ISA, "fluoro")).containsExactlyInAnyOrder("fluoro", "spine", "joint");
		assertThat(matching("concept", FilterOperator.DESCENDENTOF, "fluoro")).containsExactlyInAnyOrder("spine", "joint");
		assertThat(matching("concept", FilterOperator.ISNOTA, "fluoro")).containsExactlyInAnyOrder("imaging", "us");
		assertThat(matching("concept", FilterOperator.GENERALIZES, "spine"))
			.containsExactlyInAnyOrder("spine", "fluoro", "imaging");
	}

	@Test
	void valueOperatorsCompareCodesDisplaysAndProperties() {
		assertThat(matching("code", FilterOperator.EQUAL, "us")).containsExactly("us");
		assertThat(matching("concept", FilterOperator.IN, "us, joint")).containsExactlyInAnyOrder("us", "joint");
		assertThat(matching("concept", FilterOperator.NOTIN, "us,joint")).doesNotContain("us", "joint").hasSize(3);
		assertThat(matching("display", FilterOperator.REGEX, ".*guidance")).containsExactlyInAnyOrder("fluoro", "us");
		assertThat(matching("kind", FilterOperator.EQUAL, "needle")).containsExactly("spine");
		assertThat(matching("kind", FilterOperator.EXISTS, "true")).containsExactly("spine");
		assertThat(matching("kind", FilterOperator.EXISTS, "false")).hasSize(4).doesNotContain("spine");
	}

	@Test
	void aBadRegexOrAnOperatorWithoutMeaningIsTheRequestsFault() {
		assertThatThrownBy(() -> matching("display", FilterOperator.REGEX, "(unclosed"))
			.isInstanceOf(InvalidRequestException.class);
		assertThatThrownBy(() -> matching("display", FilterOperator.ISA, "x")).isInstanceOf(InvalidRequestException.class)
			.hasMessageContaining("not supported");
	}

}
