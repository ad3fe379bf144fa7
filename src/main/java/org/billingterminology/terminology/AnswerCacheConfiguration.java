package org.billingterminology.terminology;


import org.billingterminology.terminology.model.Snapshots;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the {@link AnswerCache} in front of the FHIR servlet, after every other filter. */
@Configuration(proxyBeanMethods = false)
class AnswerCacheConfiguration {

	@Bean
	FilterRegistrationBean<AnswerCache> answerCache(Snapshots terminology) {
		FilterRegistrationBean<AnswerCache> registration = new FilterRegistrationBean<>(new AnswerCache(terminology));
		registration.addUrlPatterns("/fhir/*");
		// last, so that security, CORS and header filters still run for every replayed answer
		registration.setOrder(Ordered.LOWEST_PRECEDENCE);
		return registration;
	}

}
