package org.billingterminology.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers every response carries. The answers are data, never a page to render, sniff or frame;
 * and since a write is answered by the very next request, a cache must revalidate before reusing
 * an answer (and must not store one given to the admin credential).
 */
public class SecurityHeaders extends OncePerRequestFilter {

	public static void addTo(HttpServletResponse response) {
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
		response.setHeader("Referrer-Policy", "no-referrer");
		if (!response.containsHeader("Cache-Control")) {
			response.setHeader("Cache-Control", "no-cache");
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getHeader("Authorization") != null) {
			response.setHeader("Cache-Control", "no-store");
		}
		addTo(response);
		chain.doFilter(request, response);
	}

	/** Error pages are responses too. */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
