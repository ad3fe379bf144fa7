package org.billingterminology.server;

/**
 * Marks a Spring bean, annotated with HAPI's {@code @Interceptor}, that the REST endpoint
 * registers on its RestfulServer (see {@link FhirEndpointConfiguration}).
 */
public interface FhirServerInterceptor {
}
