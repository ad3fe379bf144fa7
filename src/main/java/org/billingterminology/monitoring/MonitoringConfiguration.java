package org.billingterminology.monitoring;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** What operators watch: request metrics and the access log, and logs that keep client errors short. */
@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

	/** Before every other filter (HttpPipeline starts one later), on every path, /actuator included. */
	@Bean
	FilterRegistrationBean<RequestLog> requestLog(MeterRegistry meters, FhirContext fhirContext) {
		FilterRegistrationBean<RequestLog> registration = new FilterRegistrationBean<>(
				new RequestLog(meters, new OperationLabels(fhirContext.getResourceTypes())));
		registration.setUrlPatterns(List.of("/*"));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** Registered once logging is set up: Spring Boot resets Logback's context while it starts. */
	@Bean
	ClientErrorLogs clientErrorLogs() {
		ClientErrorLogs filter = new ClientErrorLogs();
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (factory instanceof LoggerContext logback) {
			filter.setContext(logback);
			filter.start();
			logback.addTurboFilter(filter);
		}
		return filter;
	}

}
