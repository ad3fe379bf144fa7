package org.billingterminology.server;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.billingterminology.ServerSettings;
import org.billingterminology.security.ReadOnlyApi;
import org.billingterminology.storage.ServedTypes;
import org.billingterminology.terminology.request.ReplacingOperationProvider;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The FHIR REST endpoint on /fhir/*: HAPI's RestfulServer over the JPA store. */
@Configuration(proxyBeanMethods = false)
class FhirEndpointConfiguration {

	/** The jar's Implementation-Version (Spring Boot's parent writes it), or "development" when run from classes. */
	static final String SOFTWARE_VERSION = FhirEndpointConfiguration.class.getPackage().getImplementationVersion() != null
			? FhirEndpointConfiguration.class.getPackage().getImplementationVersion() : "development";

	@Bean
	ServletRegistrationBean<FhirServlet> fhirServlet(FhirContext fhirContext,
			ResourceProviderFactory resourceProviders, IJpaSystemProvider systemProvider,
			IFhirSystemDao<?, ?> systemDao, JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry, IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider, List<ReplacingOperationProvider> terminologyProviders,
			ServerSettings settings, FhirInterceptors.ServerInterceptors interceptors, ReadOnlyApi readOnlyApi) {
		fhirContext.setNarrativeGenerator(new NullNarrativeGenerator());

		String publicBaseUrl = settings.publicBaseUrl() == null ? "" : settings.publicBaseUrl().trim();
		FhirServlet server = new FhirServlet(fhirContext, terminologyProviders, !publicBaseUrl.isEmpty(), readOnlyApi);
		server.setServerName("billing-terminology-server");
		server.setServerVersion(SOFTWARE_VERSION);
		server.registerProviders(resourceProviders.createProviders()
			.stream()
			.filter(provider -> provider instanceof IResourceProvider typed
					&& ServedTypes.RESOURCE_TYPES.contains(typed.getResourceType().getSimpleName()))
			.toList());
		server.registerProvider(systemProvider);
		server.registerProviders(terminologyProviders);
		server.setServerConformanceProvider(new JpaCapabilityStatementProvider(server, systemDao, storageSettings,
				searchParamRegistry, validationSupport));
		pagingProvider.setDefaultPageSize(settings.defaultPageSize());
		pagingProvider.setMaximumPageSize(settings.maxPageSize());
		server.setPagingProvider(pagingProvider);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		// links name the configured public URL; without one, the Host of the request they answer
		server.setServerAddressStrategy(publicBaseUrl.isEmpty() ? new IncomingRequestAddressStrategy()
				: new HardcodedServerAddressStrategy(publicBaseUrl.replaceAll("/+$", "")));
		// RequestBodies decodes gzip within the body size limit; HAPI would decode without one
		server.setUncompressIncomingContents(false);
		interceptors.inOrder().forEach(server::registerInterceptor);

		ServletRegistrationBean<FhirServlet> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setLoadOnStartup(1);
		return registration;
	}

}
