package org.billingterminology.budget;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.billingterminology.ServerSettings;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class WorkBudgetConfiguration {

	/**
	 * After the body is read and checked (http's RequestBodies and JsonBodies, FIRST+10 and +11),
	 * so that the deadline counts work and not a client's upload; before the replays, the short paths
	 * and HAPI, which do the work.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 13;

	@Bean
	FilterRegistrationBean<WorkBudgets> workBudgets(ServerSettings settings, MeterRegistry meters) {
		DistributionSummary used = DistributionSummary.builder("terminology.work.steps")
			.description("steps of terminology work per request that did any")
			.register(meters);
		WorkBudgets filter = new WorkBudgets(settings.maxWorkSteps(), settings.workDeadline(), heavyPermits(settings),
				used);
		Gauge.builder("terminology.work.heavy.permits.free", filter, WorkBudgets::freePermits).register(meters);
		FilterRegistrationBean<WorkBudgets> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/fhir/*");
		registration.setOrder(ORDER);
		return registration;
	}

	/** Zero means half the cores, at least one: heavy requests never hold every core. */
	private static int heavyPermits(ServerSettings settings) {
		return settings.heavyWorkPermits() > 0 ? settings.heavyWorkPermits()
				: Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
	}

}
