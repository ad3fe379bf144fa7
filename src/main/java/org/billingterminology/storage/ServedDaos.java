package org.billingterminology.storage;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.config.GeneratedDaoAndResourceProviderConfigR4;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;

/**
 * Only the DAOs and resource providers of the types this server stores: HAPI defines one of each
 * for all 146 R4 types, and making them (and scanning each type's model for them) took a fifth of
 * start-up. The rest of HAPI's generated definitions are removed before any bean is made, and
 * HAPI's DAO registry is told the kept types, so that HAPI's lists of DAOs and providers ask for
 * no other. A request about any other type gets HAPI's "does not know how to handle" answer, as
 * it already did for the types without a provider.
 */
final class ServedDaos implements BeanDefinitionRegistryPostProcessor, BeanPostProcessor {

	/**
	 * The served types and the six HAPI's own services look up by type when they are made (found
	 * by leaving each out): Subscription (its subscription registry), StructureDefinition
	 * (validation support), Bundle (transactions), Provenance, Task and Patient (its merge and
	 * replace-references services). StoredTypesOnly keeps those six from being stored.
	 */
	static final Set<String> KEPT = kept();

	private static final Pattern GENERATED = Pattern.compile("my([A-Z][A-Za-z]+)(?:Dao|Rp)R4");

	private static Set<String> kept() {
		Set<String> kept = new HashSet<>(ServedTypes.RESOURCE_TYPES);
		kept.addAll(List.of("Subscription", "StructureDefinition", "Bundle", "Provenance", "Task", "Patient"));
		return Set.copyOf(kept);
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		for (String name : registry.getBeanDefinitionNames()) {
			Matcher generated = GENERATED.matcher(name);
			if (generated.matches() && !KEPT.contains(generated.group(1)) && isGenerated(registry.getBeanDefinition(name))) {
				registry.removeBeanDefinition(name);
			}
		}
	}

	private static boolean isGenerated(BeanDefinition definition) {
		return definition instanceof AnnotatedBeanDefinition annotated && annotated.getFactoryMethodMetadata() != null
				&& annotated.getFactoryMethodMetadata()
					.getDeclaringClassName()
					.equals(GeneratedDaoAndResourceProviderConfigR4.class.getName());
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DaoRegistry registry) {
			registry.setSupportedResourceTypes(KEPT);
		}
		return bean;
	}

}
