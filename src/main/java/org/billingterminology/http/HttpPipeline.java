package org.billingterminology.http;

import java.util.List;
import java.util.function.Supplier;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.billingterminology.ServerSettings;
import org.billingterminology.security.AdminUploads;
import org.billingterminology.security.ReadOnlyApi;
import org.billingterminology.slowclients.AbandonedBodies;
import org.billingterminology.slowclients.SlowClients;
import org.billingterminology.terminology.stored.Snapshots;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.CorsFilter;

/**
 * Every servlet filter of the server, in the order requests pass them. Each one relies on those
 * before it; the reason for each position is given where it is registered.
 */
@Configuration(proxyBeanMethods = false)
class HttpPipeline {

	/** One after the request log (monitoring), which times and logs whatever these filters answer. */
	private static final int FIRST = Ordered.HIGHEST_PRECEDENCE + 1;

	/** 1. Security headers on every response, error pages included, so nothing leaves without them. */
	@Bean
	FilterRegistrationBean<SecurityHeaders> securityHeaders() {
		FilterRegistrationBean<SecurityHeaders> registration = register(new SecurityHeaders(), FIRST);
		registration.setUrlPatterns(List.of("/*"));
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		return registration;
	}

	/** 2. A request id before anything can answer, so that refusals and replays carry one too. */
	@Bean
	FilterRegistrationBean<RequestIds> requestIds() {
		return register(new RequestIds(), FIRST + 1);
	}

	/** 3. CORS before any refusal, so that a browser can read why it was refused. */
	@Bean
	FilterRegistrationBean<CorsFilter> corsFilter(ServerSettings settings, FhirContext fhirContext) {
		FilterRegistrationBean<CorsFilter> registration = register(CrossOriginCalls.filter(settings, fhirContext),
				FIRST + 2);
		registration.setEnabled(CrossOriginCalls.enabled(settings));
		return registration;
	}

	/**
	 * 4. A trusted proxy's X-Forwarded-Prefix in the request URL, before anything (a replay, HAPI)
	 * makes links from it. The landing page (webpages) follows at FIRST+4.
	 */
	@Bean
	FilterRegistrationBean<ForwardedPrefix> forwardedPrefix() {
		return register(new ForwardedPrefix(), FIRST + 3);
	}

	/**
	 * 5. Slow clients: a body is read without a worker thread, within a total deadline, and one
	 * client address has a cap on requests in progress. A body request leaves the chain here until
	 * its body is in and comes back on an asynchronous dispatch, so every later filter (and none
	 * before) runs on that dispatch as well.
	 */
	@Bean
	FilterRegistrationBean<SlowClients> slowClients(ServerSettings settings, ReadOnlyApi readOnlyApi, MeterRegistry meters) {
		SlowClients slowClients = new SlowClients(settings.bodyDeadline(), settings.importDeadline(),
				new AdminUploads(readOnlyApi), settings.maxRequestsPerClient(), settings.maxRequestBody().toBytes());
		Gauge.builder("http.bodies.held", slowClients, SlowClients::bodyBytesHeld)
			.baseUnit("bytes")
			.description("bytes of request bodies arriving or waiting for their answer")
			.register(meters);
		return register(slowClients, FIRST + 5);
	}

	/** Tomcat closes the connection of a request whose body SlowClients gave up on. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> abandonedBodies() {
		return factory -> factory.addContextValves(new AbandonedBodies());
	}

	/** 6. The body read once and checked; every later filter and HAPI read this buffer. */
	@Bean
	FilterRegistrationBean<RequestBodies> requestBodies(ServerSettings settings, ReadOnlyApi readOnlyApi) {
		return register(new RequestBodies(settings.maxRequestBody().toBytes(), settings.maxImportBody().toBytes(),
				new AdminUploads(readOnlyApi)), FIRST + 10);
	}

	/** 7. Absurd JSON numbers refused in the buffered, gunzipped body before HAPI's parser sees them. */
	@Bean
	FilterRegistrationBean<JsonBodies> jsonBodies() {
		return register(new JsonBodies(), FIRST + 11);
	}

	/**
	 * Last: operations that answer a plain request themselves ({@link ShortPaths.ShortPath}, e.g.
	 * $billing-check, a GET $lookup), after every check above, within the request's work budget
	 * (budget's filter, FIRST+12) and behind the replay cache, which keeps their answers as it keeps
	 * HAPI's: like a replay, they skip only HAPI.
	 */
	@Bean
	FilterRegistrationBean<ShortPaths> shortPaths(List<ShortPaths.ShortPath> paths,
			ObjectProvider<ServletRegistrationBean<?>> servlets, MeterRegistry meters) {
		Supplier<RestfulServer> server = () -> servlets.orderedStream()
			.map(ServletRegistrationBean::getServlet)
			.filter(RestfulServer.class::isInstance)
			.map(RestfulServer.class::cast)
			.findFirst()
			.orElseThrow();
		return register(new ShortPaths(paths, server, meters), Ordered.LOWEST_PRECEDENCE);
	}

	/**
	 * 8. Replays, after every filter above and in front of the short paths and HAPI: a replay skips
	 * only the computing of an answer, never a check or a header of the filters above.
	 */
	@Bean
	FilterRegistrationBean<AnswerCache> answerCache(ServerSettings settings, Snapshots terminology,
			MeterRegistry meters) {
		AnswerCache cache = new AnswerCache(settings.answerCacheSize().toBytes(), terminology::contentGeneration,
				settings.publicBaseUrl());
		CaffeineCacheMetrics.monitor(meters, cache.answers(), "answers");
		Gauge.builder("cache.weight", cache, AnswerCache::weight)
			.tag("cache", "answers")
			.baseUnit("bytes")
			.description("bytes of keys and answers held; at most cache.budget")
			.register(meters);
		Gauge.builder("cache.budget", cache, AnswerCache::budget).tag("cache", "answers").baseUnit("bytes").register(meters);
		return register(cache, Ordered.LOWEST_PRECEDENCE - 1);
	}

	private static <F extends Filter> FilterRegistrationBean<F> register(F filter, int order) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/fhir/*");
		registration.setOrder(order);
		return registration;
	}

}
