package org.billingterminology.http;

import java.io.IOException;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import org.billingterminology.ServerSettings;
import org.billingterminology.outcome.OperationOutcomes;

import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for the FHIR endpoint. Browser apps on any origin may read by default. No credentials
 * mode: the admin token is an explicit Authorization header, which a browser tool can send if the
 * methods allow writes. With no origin configured there is no CORS at all, and browsers keep to
 * the same origin.
 */
final class CrossOriginCalls {

	/** Headers a browser client may send: FHIR's conditional and preference headers, and the admin token. */
	private static final List<String> REQUEST_HEADERS = List.of("Accept", "Accept-Language", "Authorization",
			"Content-Type", "Content-Encoding", "Prefer", "If-Match", "If-None-Match", "If-None-Exist",
			"If-Modified-Since", "X-Request-Id");

	private static final List<String> RESPONSE_HEADERS = List.of("Location", "Content-Location", "ETag",
			"Last-Modified", "WWW-Authenticate", "X-Request-Id", AnswerCache.REPLAY_HEADER);

	private CrossOriginCalls() {
	}

	static boolean enabled(ServerSettings settings) {
		return settings.corsAllowedOrigins().stream().anyMatch(origin -> !origin.isBlank());
	}

	static CorsFilter filter(ServerSettings settings, FhirContext fhirContext) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(settings.corsAllowedOrigins().stream().filter(o -> !o.isBlank()).toList());
		cors.setAllowedMethods(settings.corsAllowedMethods());
		cors.setAllowedHeaders(REQUEST_HEADERS);
		cors.setExposedHeaders(RESPONSE_HEADERS);
		cors.setAllowCredentials(false);
		cors.setMaxAge(3600L);
		// the filter is mapped to /fhir/* only; paths here are within that mapping
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		CorsFilter filter = new CorsFilter(source);
		filter.setCorsProcessor(new DefaultCorsProcessor() {
			/** Written here, not through the error page: Spring MVC would judge a forwarded preflight again. */
			@Override
			protected void rejectRequest(ServerHttpResponse response) throws IOException {
				HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
				servletResponse.setStatus(403);
				servletResponse.setContentType(OperationOutcomes.JSON);
				servletResponse.getWriter()
					.write(OperationOutcomes.encode(fhirContext, OperationOutcomes.of(403,
							"This server does not allow this cross-origin call (CORS): allowed origins "
									+ cors.getAllowedOrigins() + ", methods " + cors.getAllowedMethods()),
							false));
			}
		});
		return filter;
	}

}
