package org.billingterminology;

import java.util.List;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** $batch-validate-code: many codings against one value set in one request, each answered on its own. */
class BatchValidateCodeIT extends ServerTestSupport {

	private static Parameters validation(Coding coding) {
		Parameters one = new Parameters();
		one.addParameter("coding", coding);
		return one;
	}

	@Test
	void eachValidationGetsItsOwnAnswerInOrder() {
		Parameters request = new Parameters();
		request.addParameter("url", new UriType(VALUE_SETS + "cpt-77003-modifiers"));
		request.addParameter().setName("validation").setResource(validation(new Coding(CPT, "26", null)));
		request.addParameter().setName("validation").setResource(validation(new Coding(CPT, "51", null)));
		request.addParameter().setName("validation").setResource(validation(new Coding(HCPCS, "TC", null)));
		Parameters misnamed = new Parameters();
		misnamed.addParameter("codingX", new Coding(CPT, "26", null));
		request.addParameter().setName("validation").setResource(misnamed);

		Parameters answer = client().operation()
			.onType(ValueSet.class)
			.named("$batch-validate-code")
			.withParameters(request)
			.execute();

		List<Resource> results = answer.getParameter().stream().map(p -> p.getResource()).toList();
		assertThat(results).hasSize(4);
		assertThat(((Parameters) results.get(0)).getParameterValue("result").primitiveValue()).isEqualTo("true");
		assertThat(((Parameters) results.get(1)).getParameterValue("result").primitiveValue()).isEqualTo("false");
		assertThat(((Parameters) results.get(2)).getParameterValue("result").primitiveValue()).isEqualTo("true");
		// a validation with nothing to validate is answered with an OperationOutcome, the others still run
		assertThat(results.get(3)).isInstanceOf(OperationOutcome.class);
	}

}
