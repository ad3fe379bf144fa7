package org.billingterminology.storage;

import ca.uhn.fhir.jpa.cache.IResourceTypeCacheSvc;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Releases the {@link StartupLock} once HAPI has set up its resource-type table, the last step of
 * the schema phase: from there on, processes starting together build the rest of their beans at
 * the same time, and take the lock again only to load content.
 */
@Component
class SchemaSeeded implements BeanPostProcessor {

	// a provider, so that registering this post-processor does not create the DataSource early
	private final ObjectProvider<StartupLock> startupLock;

	SchemaSeeded(ObjectProvider<StartupLock> startupLock) {
		this.startupLock = startupLock;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof IResourceTypeCacheSvc) {
			// HAPI fills the table in its @PostConstruct, which has run by now
			startupLock.getObject().release();
		}
		return bean;
	}

}
