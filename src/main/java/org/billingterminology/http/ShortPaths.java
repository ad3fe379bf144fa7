package org.billingterminology.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A POST to a {@link ShortPath}'s path answered without HAPI's RestfulServer, whose request
 * pipeline took more than half of a $billing-check's time. Only the plainest requests qualify: no
 * query string (so no _format, _pretty, _summary or parameter HAPI would check), a JSON body that
 * RequestBodies has already read and checked, and an Accept that HAPI would answer with JSON. For
 * those, HAPI's interceptors have nothing to do: the operation is open to all (ReadOnlyApi),
 * highlighting is for HTML, and errors are not answered here. Everything else, and every request
 * the operation declines, goes on to HAPI. The answer carries the headers HAPI's would.
 */
public final class ShortPaths extends OncePerRequestFilter {

	/**
	 * An operation that answers a plain JSON POST without HAPI's RestfulServer ({@link ShortPaths}).
	 * It computes the same answer as its HAPI handler, from the same code; whatever it cannot answer
	 * as a plain success it leaves to HAPI, which then answers it, errors included, as always.
	 */
	public interface ShortPath {

		/** The request path it answers, e.g. {@code /fhir/Claim/$billing-check}. */
		String path();

		/**
		 * The answer, as the compact JSON HAPI's path writes for it, to this UTF-8 JSON body; or null
		 * to leave the request to HAPI (bad input, an unusual answer, anything not a plain success).
		 */
		byte[] answer(byte[] body);

	}

	private static final Set<String> JSON_TYPES = Set.of("application/fhir+json", "application/json",
			"application/json+fhir");

	private static final Set<String> ACCEPTED = Set.of("*/*", "application/*", "application/fhir+json",
			"application/json", "application/json+fhir");

	private final Map<String, ShortPath> byPath;

	private final Supplier<RestfulServer> server;

	/** HAPI's servlet, found on the first answer (the filters are made before the servlet). */
	private volatile RestfulServer restfulServer;

	ShortPaths(List<ShortPath> paths, Supplier<RestfulServer> server) {
		this.byPath = paths.stream().collect(Collectors.toMap(ShortPath::path, Function.identity()));
		this.server = server;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getQueryString() != null
				|| !byPath.containsKey(request.getRequestURI()) || !isJson(request.getContentType())
				|| !acceptsJson(request.getHeader("Accept")) || request.getHeader("Prefer") != null
				|| request.getHeader("X-HTTP-Method-Override") != null;
	}

	/** A request with a body reaches this filter on the dispatch after its body arrived (SlowClients). */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = RequestBodies.bodyOf(request);
		byte[] answer = body == null ? null : byPath.get(request.getRequestURI()).answer(body);
		if (answer == null) {
			chain.doFilter(request, response);
			return;
		}
		RestfulServer hapi = restfulServer;
		if (hapi == null) {
			hapi = server.get();
			restfulServer = hapi;
		}
		// what RestfulServer adds to every response (X-Powered-By); the filters in front add the rest
		hapi.addHeadersToResponse(response);
		response.setStatus(200);
		response.setContentType("application/fhir+json;charset=UTF-8");
		response.setContentLength(answer.length);
		try (OutputStream out = response.getOutputStream()) {
			out.write(answer);
		}
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
		for (int i = 1; i < parts.length; i++) {
			if (!parts[i].trim().replace("\"", "").equals("charset=utf-8")) {
				return false;
			}
		}
		return JSON_TYPES.contains(parts[0].trim());
	}

	/** No Accept, or one that names only JSON or wildcards, each with at most a quality. */
	private static boolean acceptsJson(String accept) {
		if (accept == null || accept.isBlank()) {
			return true;
		}
		for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
			String[] parts = range.split(";");
			if (!ACCEPTED.contains(parts[0].trim())) {
				return false;
			}
			for (int i = 1; i < parts.length; i++) {
				if (!parts[i].trim().startsWith("q=")) {
					return false;
				}
			}
		}
		return true;
	}

}
