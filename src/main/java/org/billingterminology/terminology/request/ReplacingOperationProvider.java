package org.billingterminology.terminology.request;

/**
 * Marks a plain HAPI provider whose {@code @Operation}s replace HAPI's stock operations of the
 * same name and resource type (see {@link FhirServlet}).
 */
public interface ReplacingOperationProvider {
}
