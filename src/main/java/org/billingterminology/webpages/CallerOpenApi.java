package org.billingterminology.webpages;

import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;

import org.billingterminology.security.ReadOnlyApi;

/**
 * HAPI's OpenAPI document, trimmed like the capability statement to what its caller may do.
 * HAPI builds it from the statement it keeps, which holds the admin's writes, and asks no hook
 * on the way, so the document is trimmed here by method and path instead.
 */
final class CallerOpenApi extends OpenApiInterceptor {

	private final ReadOnlyApi readOnlyApi;

	CallerOpenApi(ReadOnlyApi readOnlyApi) {
		this.readOnlyApi = readOnlyApi;
	}

	@Override
	protected OpenAPI generateOpenApi(ServletRequestDetails request) {
		OpenAPI document = super.generateOpenApi(request);
		if (document.getPaths() != null && !readOnlyApi.isAdmin(request.getHeader("Authorization"))) {
			document.getPaths().entrySet().removeIf(path -> !keepReadsOnly(path.getKey(), path.getValue()));
		}
		return document;
	}

	/** Leaves what a caller without the token can do on this path; false if nothing is left. */
	private static boolean keepReadsOnly(String path, PathItem item) {
		item.setPut(null);
		item.setDelete(null);
		item.setPatch(null);
		String last = path.substring(path.lastIndexOf('/') + 1);
		if (last.startsWith("$")) {
			// an operation: GET and POST alike, if it is open to all
			return ReadOnlyApi.isOpenToAll(last) && !item.readOperations().isEmpty();
		}
		if (!"_search".equals(last)) {
			// a create, or a transaction or batch at the base; a search by POST stays
			item.setPost(null);
		}
		return !item.readOperations().isEmpty();
	}

}
