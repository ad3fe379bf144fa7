package org.billingterminology.server;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Filters that refuse hostile request bodies before HAPI reads them. */
@Configuration(proxyBeanMethods = false)
class RequestGuardsConfiguration {

	@Bean
	FilterRegistrationBean<JsonBodies> jsonBodies() {
		FilterRegistrationBean<JsonBodies> registration = new FilterRegistrationBean<>(new JsonBodies());
		registration.addUrlPatterns("/fhir/*");
		// just after RequestBodies (+10): it scans the body that one buffered, size-checked and gunzipped
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
		return registration;
	}

}
