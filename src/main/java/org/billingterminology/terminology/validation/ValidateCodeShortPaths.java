package org.billingterminology.terminology.validation;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.billingterminology.http.ShortPaths.ShortPath;
import org.billingterminology.jsonanswers.ParametersJson;
import org.billingterminology.terminology.request.QueryCall;
import org.hl7.fhir.r4.model.Parameters;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Plain GET $validate-code calls, on CodeSystem and on ValueSet, answered before HAPI's
 * RestfulServer (http's ShortPaths): the same operation methods with the parameters HAPI's binding
 * would give them, written by {@link ParametersJson}. A failure, or a query they do not read, is
 * left to HAPI's path, which answers it (and its error) as always.
 */
@Configuration(proxyBeanMethods = false)
class ValidateCodeShortPaths {

	@Bean
	ShortPath codeSystemValidateCodeShortPath(CodeSystemValidateCode operation) {
		return new GetShortPath("/fhir/CodeSystem/$validate-code",
				Set.of("url", "version", "code", "display", "system", "displayLanguage"),
				call -> operation.validateCode(null, call.uri("url"), call.string("version"), call.code("code"),
						call.string("display"), null, null, call.uri("system"), call.details()));
	}

	@Bean
	ShortPath valueSetValidateCodeShortPath(ValueSetValidateCode operation) {
		return new GetShortPath("/fhir/ValueSet/$validate-code",
				Set.of("url", "valueSetVersion", "code", "system", "systemVersion", "display", "inferSystem",
						"displayLanguage"),
				call -> operation.validateCode(null, call.uri("url"), call.string("valueSetVersion"), null,
						call.code("code"), call.uri("system"), call.string("systemVersion"), call.string("display"), null,
						null, call.bool("inferSystem"), call.details()));
	}

	private record GetShortPath(String path, Set<String> names, Function<QueryCall, Parameters> operation)
			implements ShortPath {

		@Override
		public boolean answersGet() {
			return true;
		}

		@Override
		public byte[] answer(Map<String, String[]> query, HttpServletRequest request) {
			QueryCall call = QueryCall.of(query, request, names, Set.of());
			if (call == null) {
				return null;
			}
			try {
				return ParametersJson.encode(operation.apply(call));
			}
			catch (RuntimeException e) {
				// HAPI's path computes it again and answers with its own error
				return null;
			}
		}

	}

}
