package org.billingterminology;

import java.util.List;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.FilterOperator;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * $expand nests its codes as their code system's hierarchy is, where the value set keeps it (a
 * whole code system, or an is-a filter), and lists them flat where it does not, or when asked.
 */
class HierarchicalExpansionIT extends ServerTestSupport {

	private static final String SYSTEM = "http://example.org/hierarchy/CodeSystem/body";

	private static final String VALUE_SET = "http://example.org/hierarchy/ValueSet/body";

	private static final String CONTAINS_PROPERTY = "http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.contains.property";

	/** spine { cervical { c1 }, lumbar }, and hip, which is retired. */
	private static CodeSystem body() {
		CodeSystem codeSystem = new CodeSystem().setUrl(SYSTEM).setStatus(PublicationStatus.ACTIVE)
			.setContent(CodeSystem.CodeSystemContentMode.COMPLETE)
			.setHierarchyMeaning(CodeSystem.CodeSystemHierarchyMeaning.ISA);
		codeSystem.addProperty().setCode("status").setType(CodeSystem.PropertyType.CODE);
		ConceptDefinitionComponent spine = codeSystem.addConcept().setCode("spine").setDisplay("Spine");
		spine.addConcept().setCode("cervical").setDisplay("Cervical spine").addConcept().setCode("c1").setDisplay("Atlas");
		spine.addConcept().setCode("lumbar").setDisplay("Lumbar spine");
		codeSystem.addConcept().setCode("hip").setDisplay("Hip").addProperty().setCode("status").setValue(new CodeType("retired"));
		return codeSystem;
	}

	private static ValueSet wholeSystem() {
		ValueSet valueSet = new ValueSet().setUrl(VALUE_SET).setStatus(PublicationStatus.ACTIVE);
		valueSet.getCompose().addInclude().setSystem(SYSTEM);
		return valueSet;
	}

	private ValueSet expand(CodeSystem codeSystem, ValueSet valueSet, Parameters request) {
		request.addParameter("url", new UriType(valueSet.getUrl()));
		request.addParameter().setName("tx-resource").setResource(codeSystem);
		request.addParameter().setName("tx-resource").setResource(valueSet);
		return client().operation().onType(ValueSet.class).named("$expand").withParameters(request)
			.returnResourceType(ValueSet.class).execute();
	}

	/** The tree as text: code{children} in order. */
	private static String tree(List<ValueSetExpansionContainsComponent> contains) {
		return contains.stream()
			.map(c -> c.getCode() + (c.hasContains() ? "{" + tree(c.getContains()) + "}" : ""))
			.collect(Collectors.joining(" "));
	}

	@Test
	void aWholeHierarchicalCodeSystemIsNestedAsItsHierarchyIs() {
		ValueSet expansion = expand(body(), wholeSystem(), new Parameters());
		assertThat(tree(expansion.getExpansion().getContains())).isEqualTo("spine{cervical{c1} lumbar} hip");
		assertThat(expansion.getExpansion().getTotal()).isEqualTo(5);
	}

	@Test
	void aRetiredConceptCarriesItsStatusUnasked() {
		ValueSetExpansionContainsComponent hip = expand(body(), wholeSystem(), new Parameters()).getExpansion()
			.getContains().stream().filter(c -> c.getCode().equals("hip")).findFirst().orElseThrow();
		assertThat(hip.getExtensionsByUrl(CONTAINS_PROPERTY)).singleElement()
			.satisfies(p -> assertThat(p.getExtensionByUrl("value").getValue().primitiveValue()).isEqualTo("retired"));
	}

	@Test
	void excludeNestedListsTheSameCodesFlat() {
		Parameters request = new Parameters();
		request.addParameter("excludeNested", new BooleanType(true));
		assertThat(tree(expand(body(), wholeSystem(), request).getExpansion().getContains()))
			.isEqualTo("spine cervical c1 lumbar hip");
	}

	@Test
	void aPagedExpansionIsFlatSoThatOffsetsCountCodes() {
		Parameters request = new Parameters();
		request.addParameter("count", new IntegerType(3));
		request.addParameter("offset", new IntegerType(1));
		ValueSet expansion = expand(body(), wholeSystem(), request);
		assertThat(tree(expansion.getExpansion().getContains())).isEqualTo("cervical c1 lumbar");
		assertThat(expansion.getExpansion().getTotal()).isEqualTo(5);
	}

	@Test
	void anIsAFilterKeepsTheHierarchyBelowItsRoot() {
		ValueSet valueSet = new ValueSet().setUrl(VALUE_SET).setStatus(PublicationStatus.ACTIVE);
		valueSet.getCompose().addInclude().setSystem(SYSTEM).addFilter().setProperty("concept").setOp(FilterOperator.ISA)
			.setValue("cervical");
		assertThat(tree(expand(body(), valueSet, new Parameters()).getExpansion().getContains())).isEqualTo("cervical{c1}");
	}

	@Test
	void aCodeWhoseParentIsLeftOutGoesUnderItsNearestListedAncestor() {
		CodeSystem codeSystem = body();
		codeSystem.getConceptFirstRep().getConceptFirstRep().addProperty().setCode("status").setValue(new CodeType("retired"));
		codeSystem.getConceptFirstRep().getConceptFirstRep().addProperty().setCode("inactive").setValue(new BooleanType(true));
		Parameters request = new Parameters();
		request.addParameter("activeOnly", new BooleanType(true));
		assertThat(tree(expand(codeSystem, wholeSystem(), request).getExpansion().getContains()))
			.isEqualTo("spine{c1 lumbar}");
	}

	@Test
	void anExcludeOrAnEnumerationGivesAFlatList() {
		ValueSet excluding = wholeSystem();
		excluding.getCompose().addExclude().setSystem(SYSTEM).addConcept().setCode("hip");
		assertThat(tree(expand(body(), excluding, new Parameters()).getExpansion().getContains()))
			.isEqualTo("spine cervical c1 lumbar");
		ValueSet listing = new ValueSet().setUrl(VALUE_SET).setStatus(PublicationStatus.ACTIVE);
		listing.getCompose().addInclude().setSystem(SYSTEM).addConcept().setCode("spine");
		listing.getCompose().getIncludeFirstRep().addConcept().setCode("c1");
		assertThat(tree(expand(body(), listing, new Parameters()).getExpansion().getContains())).isEqualTo("spine c1");
	}

	@Test
	void aHierarchyDeeperThanClientsReadIsListedFlat() {
		CodeSystem chain = new CodeSystem().setUrl(SYSTEM).setStatus(PublicationStatus.ACTIVE)
			.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		chain.addProperty().setCode("parent").setType(CodeSystem.PropertyType.CODE);
		for (int i = 0; i < 100; i++) {
			var concept = chain.addConcept().setCode("level" + i);
			if (i > 0) {
				concept.addProperty().setCode("parent").setValue(new CodeType("level" + (i - 1)));
			}
		}
		ValueSet expansion = expand(chain, wholeSystem(), new Parameters());
		assertThat(expansion.getExpansion().getContains()).hasSize(100);
		assertThat(expansion.getExpansion().getContains()).noneMatch(ValueSetExpansionContainsComponent::hasContains);
	}

}
