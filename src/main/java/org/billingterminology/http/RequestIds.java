package org.billingterminology.http;

import java.io.IOException;

import ca.uhn.fhir.rest.server.ServletRequestTracing;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every response carries its own request's id in {@code X-Request-ID}: the client's own when it
 * sent a well-formed one, a fresh one otherwise (HAPI's rule, {@link ServletRequestTracing}), also
 * for answers that HAPI never sees (refusals by earlier filters, replays). HAPI then uses the same
 * id for its logs and adds the header again; that second copy is folded into the first.
 */
final class RequestIds extends OncePerRequestFilter {

	static final String HEADER = "X-Request-ID";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(HEADER, ServletRequestTracing.getOrGenerateRequestId(request));
		chain.doFilter(request, new OneRequestId(response));
	}

	private static final class OneRequestId extends HttpServletResponseWrapper {

		OneRequestId(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void addHeader(String name, String value) {
			if (HEADER.equalsIgnoreCase(name)) {
				super.setHeader(HEADER, value);
			}
			else {
				super.addHeader(name, value);
			}
		}

	}

}
