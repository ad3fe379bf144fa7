package org.billingterminology.storage;

import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiFhirLocalContainerEntityManagerFactoryBean;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.term.api.ITermCodeSystemStorageSvc;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI's JPA storage for FHIR R4 on Spring's DataSource. Hibernate settings come from the standard
 * spring.jpa.properties.* keys so that H2 and PostgreSQL differ only in configuration.
 */
@Configuration(proxyBeanMethods = false)
// Batch2 (HAPI's job runner, used by its terminology and reindex services) sends its work through
// the in-memory message broker that SubscriptionChannelConfig defines; no subscriptions are served.
@Import({ JpaR4Config.class, HapiJpaConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class, SubscriptionChannelConfig.class,
		ThreadPoolFactoryConfig.class })
class JpaStorageConfiguration {

	@Bean
	JpaStorageSettings storageSettings() {
		JpaStorageSettings settings = new JpaStorageSettings();
		// Terminology is answered from our own model (see the terminology package), so HAPI's
		// timed pre-expansion and its deferred concept storage are never needed.
		settings.setPreExpandValueSets(false);
		settings.setAllowExternalReferences(true);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setEnforceReferentialIntegrityOnDelete(false);
		settings.setMarkResourcesForReindexingUponSearchParameterChange(false);
		// HAPI would answer a repeated search from the result list of an identical one made in the
		// last minute, in any process sharing the database, so a changed ChargeItemDefinition could
		// be missing from payer search for that long. Every search is run afresh instead.
		settings.setReuseCachedSearchResultsForMillis(null);
		// HAPI's check of a SearchParameter's expression would load every R4 StructureDefinition
		// for good; SearchParameterExpressions checks it on the engine the index uses
		settings.setValidateSearchParameterExpressionsOnSave(false);
		// HAPI's name-per-hash table is read by no search (searches hash the names themselves); filling
		// it took a background thread some 2 s of CPU at every start-up, beside the start-up itself
		settings.setWriteToSearchParamIdentityTable(false);
		return settings;
	}

	/** Wins over HAPI's own concept storage, which every HAPI DAO asks for by type. */
	@Bean
	@Primary
	ITermCodeSystemStorageSvc unusedConceptTables() {
		return new UnusedConceptTables();
	}

	/**
	 * HAPI's {@code searchParamExtractor} bean made a {@link LeanSearchParamExtractor}: replacing
	 * the definition keeps the bean name every HAPI service asks for, without allowing bean
	 * overriding in general.
	 */
	@Bean
	static BeanDefinitionRegistryPostProcessor leanSearchParamExtractor() {
		return new BeanDefinitionRegistryPostProcessor() {
			@Override
			public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
				registry.removeBeanDefinition("searchParamExtractor");
				registry.registerBeanDefinition("searchParamExtractor", new RootBeanDefinition(LeanSearchParamExtractor.class));
			}

			@Override
			public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			}
		};
	}

	/** HAPI's DAOs and resource providers for the stored types only ({@link ServedDaos}). */
	@Bean
	static ServedDaos servedDaos() {
		return new ServedDaos();
	}

	@Bean
	PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	@Primary
	LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource,
			ConfigurableListableBeanFactory beanFactory, FhirContext fhirContext, JpaStorageSettings storageSettings,
			Environment environment, StartupLock startupLock) {
		// HAPI's own factory bean, built as HapiEntityManagerFactoryUtil.newEntityManagerFactory does
		// (no database partitioning here), so that the schema update runs under the start-up lock
		LocalContainerEntityManagerFactoryBean factory = new LockedSchemaUpdate(beanFactory, startupLock);
		HapiEntityManagerFactoryUtil.configureEntityManagerFactory(factory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		Properties properties = new Properties();
		properties.putAll(Binder.get(environment)
			.bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of()));
		factory.setJpaProperties(properties);
		return factory;
	}

	@Bean
	@Primary
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	/** Builds the entity manager factory, whose start runs the schema update, under the {@link StartupLock}. */
	private static final class LockedSchemaUpdate extends HapiFhirLocalContainerEntityManagerFactoryBean {

		private final StartupLock startupLock;

		LockedSchemaUpdate(ConfigurableListableBeanFactory beanFactory, StartupLock startupLock) {
			super(beanFactory);
			this.startupLock = startupLock;
		}

		@Override
		public void afterPropertiesSet() {
			startupLock.acquire("schema update");
			super.afterPropertiesSet();
		}

	}

}
