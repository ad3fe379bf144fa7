package org.billingterminology.terminology.lookup;

import java.util.Set;

import org.billingterminology.http.ShortPaths.ShortPath;
import org.billingterminology.terminology.request.QueryShortPath;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A plain GET CodeSystem/$lookup answered before HAPI's RestfulServer ({@link QueryShortPath}). */
@Configuration(proxyBeanMethods = false)
class LookupShortPath {

	@Bean
	ShortPath codeSystemLookupShortPath(LookupOperations operations) {
		return new QueryShortPath("/fhir/CodeSystem/$lookup", Set.of("code", "system", "version", "displayLanguage"),
				Set.of("property"), call -> operations.lookup(call.code("code"), call.uri("system"), call.string("version"),
						null, call.code("displayLanguage"), call.codes("property"), call.details()));
	}

}
