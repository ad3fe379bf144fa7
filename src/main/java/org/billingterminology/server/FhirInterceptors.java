package org.billingterminology.server;

import java.util.List;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import org.billingterminology.ServerSettings;
import org.billingterminology.billing.RuleCheck;
import org.billingterminology.changes.StorageHooks;
import org.billingterminology.content.ManagedContent;
import org.billingterminology.security.ReadOnlyApi;
import org.billingterminology.storage.SearchParameterExpressions;
import org.billingterminology.storage.StoredTypesOnly;
import org.billingterminology.terminology.metadata.ServerCapabilities;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every HAPI interceptor is registered from here, and only here, in the order HAPI calls them:
 * those that need other beans are Spring components handed in, the rest are made here. The REST
 * server's interceptors join the RestfulServer ({@link FhirEndpointConfiguration}); the storage
 * hooks join HAPI's JPA interceptor service, which hears every write, whether it came through REST
 * or from the content loader.
 */
@Configuration(proxyBeanMethods = false)
class FhirInterceptors {

	/** The RestfulServer's interceptors, in the order they run. */
	record ServerInterceptors(List<Object> inOrder) {
	}

	@Bean
	ServerInterceptors serverInterceptors(ReadOnlyApi readOnlyApi, ServerCapabilities capabilities,
			ServerSettings settings, OpenApiInterceptor openApi) {
		return new ServerInterceptors(List.of(
				// a browser sees answers as highlighted HTML
				new ResponseHighlighterInterceptor(),
				// every error leaves as an OperationOutcome without internals
				new ErrorResponses(),
				// writes need the admin token; refused before any handler runs
				readOnlyApi,
				// parameters HAPI would quietly ignore or reinterpret are refused
				new RequestChecks(settings.maxPageSize()),
				// /fhir/api-docs and /fhir/swagger-ui/ (webpages); a browser at /fhir gets the landing page before this
				openApi,
				// a primitive with neither value nor extension ("valueSet": [null]) is a 400, not a 500
				new EmptyElements(),
				// the CapabilityStatement makes the terminology claims; metadata?mode=terminology answers
				capabilities));
	}

	@Bean
	InitializingBean storageInterceptorsRegistration(IInterceptorService storageInterceptors,
			ManagedContent managedContent, RuleCheck ruleCheck, SearchParameterExpressions searchParameterExpressions,
			StorageHooks storageHooks, StoredTypesOnly storedTypesOnly) {
		return () -> {
			// a type this server does not serve is never stored, even by an admin's transaction
			storageInterceptors.registerInterceptor(storedTypesOnly);
			// a write to a resource the content folder owns is refused before it is stored
			storageInterceptors.registerInterceptor(managedContent);
			// a ChargeItemDefinition whose rules do not parse, or read elements a claim does not have, is refused
			storageInterceptors.registerInterceptor(ruleCheck);
			// an active SearchParameter whose expression does not parse, or selects no element, is refused
			storageInterceptors.registerInterceptor(searchParameterExpressions);
			// every committed change rebuilds the terminology model
			storageInterceptors.registerInterceptor(storageHooks);
		};
	}

}
