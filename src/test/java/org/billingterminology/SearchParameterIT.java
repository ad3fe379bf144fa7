package org.billingterminology;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** An admin's SearchParameter is stored only if its expression is FHIRPath that selects an element. */
class SearchParameterIT extends ServerTestSupport {

	private static SearchParameter parameter(String code, String expression) {
		SearchParameter parameter = new SearchParameter();
		parameter.setUrl("http://example.org/SearchParameter/" + code).setName(code).setCode(code)
			.setStatus(PublicationStatus.ACTIVE).setType(SearchParamType.TOKEN).setExpression(expression)
			.setDescription("test");
		parameter.addBase("CodeSystem");
		return parameter;
	}

	private String refusal(SearchParameter parameter) {
		UnprocessableEntityException refused = catchThrowableOfType(
				() -> adminClient().create().resource(parameter).execute(), UnprocessableEntityException.class);
		assertThat(refused).as(parameter.getExpression()).isNotNull();
		return ((OperationOutcome) refused.getOperationOutcome()).getIssueFirstRep().getDiagnostics();
	}

	@Test
	void anExpressionThatIsNotFhirPathIsRefused() {
		assertThat(refusal(parameter("broken-path", "CodeSystem.concept.where(code = ")))
			.contains("SearchParameter.expression", "is not valid FHIRPath");
	}

	@Test
	void anExpressionThatSelectsTheWholeResourceIsRefused() {
		assertThat(refusal(parameter("whole-resource", "CodeSystem"))).contains("selects the whole resource");
		assertThat(refusal(parameter("whole-resource", "(CodeSystem)"))).contains("selects the whole resource");
	}

	@Test
	void aValidExpressionIsStored() {
		MethodOutcome created = adminClient().create()
			.resource(parameter("test-publisher-token", "CodeSystem.publisher"))
			.execute();
		try {
			assertThat(created.getId().getIdPart()).isNotBlank();
		}
		finally {
			adminClient().delete().resourceById(created.getId().toUnqualifiedVersionless()).execute();
		}
	}

}
