package org.billingterminology.server;

import org.billingterminology.ServerSettings;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Filters that refuse hostile requests and bodies before HAPI reads them. */
@Configuration(proxyBeanMethods = false)
class RequestGuardsConfiguration {

	@Bean
	FilterRegistrationBean<SlowClients> slowClients(ServerSettings settings) {
		FilterRegistrationBean<SlowClients> registration = new FilterRegistrationBean<>(
				new SlowClients(settings.bodyDeadline(), settings.maxRequestsPerClient()));
		registration.addUrlPatterns("/fhir/*");
		// before RequestBodies (+10), which reads the body blocking: its reads must meet the deadline;
		// after the security headers and CORS, so that a refusal carries them
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> abandonedBodies() {
		return factory -> factory.addContextValves(new AbandonedBodies());
	}

	@Bean
	FilterRegistrationBean<JsonBodies> jsonBodies() {
		FilterRegistrationBean<JsonBodies> registration = new FilterRegistrationBean<>(new JsonBodies());
		registration.addUrlPatterns("/fhir/*");
		// just after RequestBodies (+10): it scans the body that one buffered, size-checked and gunzipped
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
		return registration;
	}

}
