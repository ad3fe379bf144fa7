package org.billingterminology.server;

import ca.uhn.fhir.context.FhirContext;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** FHIR-shaped errors for requests Tomcat refuses itself, before any filter runs. */
@Configuration(proxyBeanMethods = false)
class TomcatErrorReportsConfiguration {

	/**
	 * Runs after Spring Boot's own Tomcat customizer, which adds a stock ErrorReportValve: that one
	 * is replaced, and the host is told ours is its error valve so that it adds no other.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> fhirErrorReports(FhirContext fhirContext,
			ServerProperties server) {
		long maxHeaderSize = server.getMaxHttpRequestHeaderSize().toBytes();
		return factory -> factory.addContextCustomizers(context -> {
			Host host = (Host) context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			if (host instanceof StandardHost standard) {
				standard.setErrorReportValveClass(TomcatErrorReports.class.getName());
			}
			host.getPipeline().addValve(new TomcatErrorReports(fhirContext, maxHeaderSize));
		});
	}

}
