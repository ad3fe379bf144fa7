package org.billingterminology.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * An administrator's code-system upload: release files run to hundreds of megabytes, so this one
 * request, with the admin token, gets a larger body limit and a longer deadline than the public
 * 1 MiB and 30 s. Anyone else sending to the same address keeps the public limits.
 */
public final class AdminUploads {

	private static final String UPLOAD = "/CodeSystem/$upload-external-code-system";

	private final ReadOnlyApi readOnlyApi;

	public AdminUploads(ReadOnlyApi readOnlyApi) {
		this.readOnlyApi = readOnlyApi;
	}

	public boolean matches(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return "POST".equals(request.getMethod()) && uri != null && (uri.endsWith(UPLOAD) || uri.endsWith(UPLOAD + "/"))
				&& readOnlyApi.isAdmin(request.getHeader("Authorization"));
	}

}
