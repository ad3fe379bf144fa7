package org.billingterminology.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.util.UrlUtil;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request to a {@link ShortPath}'s path answered without HAPI's RestfulServer, whose request
 * pipeline took more than half of a $billing-check's time and of a $lookup's. Only the plainest
 * requests qualify: a POST with no query string and a JSON body that RequestBodies has already
 * read and checked, or a GET whose query has no parameter HAPI itself reads (_format, _pretty,
 * _summary...), with no credentials and no conditions; and an Accept that HAPI would answer with
 * JSON. For those, HAPI's interceptors have nothing to do: the operation is open to all
 * (ReadOnlyApi), highlighting is for HTML, the request checks look at _ parameters and conditions
 * only, and errors are not answered here. Everything else, and every request the operation
 * declines, goes on to HAPI. The answer carries the headers HAPI's would, gzip included.
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
		default byte[] answer(byte[] body) {
			return null;
		}

		/** Whether it answers a GET, with {@link #answer(Map, HttpServletRequest)}. */
		default boolean answersGet() {
			return false;
		}

		/**
		 * The answer to a GET with this query (parsed as HAPI parses it, no _ parameter in it); or
		 * null to leave the request to HAPI.
		 */
		default byte[] answer(Map<String, String[]> query, HttpServletRequest request) {
			return null;
		}

	}

	private static final Set<String> JSON_TYPES = Set.of("application/fhir+json", "application/json",
			"application/json+fhir");

	private static final Set<String> ACCEPTED = Set.of("*/*", "application/*", "application/fhir+json",
			"application/json", "application/json+fhir");

	private final Map<String, ShortPath> byPath;

	/** Answers given here, by path: how a test (or an operator) tells which path answered. */
	private final Map<String, Counter> answered;

	private final Supplier<RestfulServer> server;

	/** HAPI's servlet, found on the first answer (the filters are made before the servlet). */
	private volatile RestfulServer restfulServer;

	ShortPaths(List<ShortPath> paths, Supplier<RestfulServer> server, MeterRegistry meters) {
		this.byPath = paths.stream().collect(Collectors.toMap(ShortPath::path, Function.identity()));
		this.answered = paths.stream().collect(Collectors.toMap(ShortPath::path, path -> Counter
			.builder("http.short.path.answers")
			.description("answers given before HAPI's RestfulServer, as HAPI's path would give them")
			.tag("path", path.path())
			.register(meters)));
		this.server = server;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		ShortPath path = byPath.get(request.getRequestURI());
		if (path == null || !acceptsJson(request) || request.getHeader("Prefer") != null
				|| request.getHeader("X-HTTP-Method-Override") != null) {
			return true;
		}
		return switch (request.getMethod()) {
			case "POST" -> request.getQueryString() != null || !isJson(request.getContentType());
			// credentials may widen limits (the admin's), and conditions are HAPI's to check
			case "GET" -> !path.answersGet() || request.getQueryString() == null
					|| request.getHeader("Authorization") != null || request.getHeader("If-None-Match") != null
					|| request.getHeader("If-Modified-Since") != null;
			default -> true;
		};
	}

	/** A request with a body reaches this filter on the dispatch after its body arrived (SlowClients). */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ShortPath path = byPath.get(request.getRequestURI());
		byte[] answer;
		if ("GET".equals(request.getMethod())) {
			// as RestfulServer reads a GET's parameters
			Map<String, String[]> query = UrlUtil.parseQueryString(request.getQueryString());
			answer = query.keySet().stream().anyMatch(name -> name.startsWith("_")) ? null : path.answer(query, request);
		}
		else {
			byte[] body = RequestBodies.bodyOf(request);
			answer = body == null ? null : path.answer(body);
		}
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
		if (AnswerKeys.gzip(request)) {
			// as HAPI compresses its answer
			ByteArrayOutputStream compressed = new ByteArrayOutputStream(answer.length / 3 + 64);
			try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
				gzip.write(answer);
			}
			answer = compressed.toByteArray();
			response.addHeader("Content-Encoding", "gzip");
		}
		response.setContentLength(answer.length);
		try (OutputStream out = response.getOutputStream()) {
			out.write(answer);
		}
		answered.get(path.path()).increment();
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

	/** Every Accept header (HAPI reads them all) names only JSON or wildcards, each with at most a quality. */
	private static boolean acceptsJson(HttpServletRequest request) {
		for (var values = request.getHeaders("Accept"); values.hasMoreElements();) {
			if (!acceptsJson(values.nextElement())) {
				return false;
			}
		}
		return true;
	}

	private static boolean acceptsJson(String accept) {
		if (accept.isBlank()) {
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
