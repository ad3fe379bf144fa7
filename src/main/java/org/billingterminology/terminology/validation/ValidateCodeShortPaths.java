package org.billingterminology.terminology.validation;

import java.util.Set;

import org.billingterminology.http.ShortPaths.ShortPath;
import org.billingterminology.terminology.request.QueryShortPath;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Plain GET $validate-code calls, on CodeSystem and on ValueSet, answered before HAPI's
 * RestfulServer ({@link QueryShortPath}).
 */
@Configuration(proxyBeanMethods = false)
class ValidateCodeShortPaths {

	@Bean
	ShortPath codeSystemValidateCodeShortPath(CodeSystemValidateCode operation) {
		return new QueryShortPath("/fhir/CodeSystem/$validate-code",
				Set.of("url", "version", "code", "display", "system", "displayLanguage"), Set.of(),
				call -> operation.validateCode(null, call.uri("url"), call.string("version"), call.code("code"),
						call.string("display"), null, null, call.uri("system"), call.details()));
	}

	@Bean
	ShortPath valueSetValidateCodeShortPath(ValueSetValidateCode operation) {
		return new QueryShortPath("/fhir/ValueSet/$validate-code",
				Set.of("url", "valueSetVersion", "code", "system", "systemVersion", "display", "inferSystem",
						"displayLanguage"),
				Set.of(),
				call -> operation.validateCode(null, call.uri("url"), call.string("valueSetVersion"), null,
						call.code("code"), call.uri("system"), call.string("systemVersion"), call.string("display"), null,
						null, call.bool("inferSystem"), call.details()));
	}

}
