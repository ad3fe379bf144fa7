package org.billingterminology.webpages;

import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What people look at rather than program against: the landing page at /fhir and HAPI's OpenAPI
 * document (/fhir/api-docs) with its Swagger UI (/fhir/swagger-ui/).
 */
@Configuration(proxyBeanMethods = false)
class WebPagesConfiguration {

	/**
	 * After the security headers, the request id, CORS and a trusted proxy's prefix (HttpPipeline's
	 * first four), so the page carries them too; before everything that reads bodies or budgets
	 * work, which a page does not need.
	 */
	@Bean
	FilterRegistrationBean<LandingPage> landingPage() {
		FilterRegistrationBean<LandingPage> registration = new FilterRegistrationBean<>(new LandingPage());
		registration.addUrlPatterns("/fhir", "/fhir/", LandingPage.ASSETS + "*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

	/**
	 * HAPI's OpenAPI, generated from the CapabilityStatement (so it lists exactly the interactions,
	 * searches and operations that statement offers). The RestfulServer registers it
	 * (FhirInterceptors). Its one hook, before a handler is chosen, looks at the request path and
	 * returns at once unless the path is the base, /api-docs or /swagger-ui/: it costs other
	 * requests a string comparison or two. One page for everything: the terminology operations are
	 * what a visitor looks for, and with a page per resource type they would sit behind buttons.
	 */
	@Bean
	OpenApiInterceptor openApiInterceptor() {
		OpenApiInterceptor openApi = new OpenApiInterceptor();
		openApi.setUseResourcePages(false);
		return openApi;
	}

}
