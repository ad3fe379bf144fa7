package org.billingterminology.http;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Globals;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The path a trusted proxy publishes this server under ({@code X-Forwarded-Prefix: /terminology}),
 * in the request URL that links are made from. Tomcat's RemoteIpValve applies X-Forwarded-Proto,
 * -Host and -Port itself, and only from the proxies it trusts ({@code
 * server.tomcat.remoteip.internal-proxies}); it marks such a request as forwarded, and only then is
 * the prefix taken. The request URI stays as it was: HAPI finds the operation in it.
 */
final class ForwardedPrefix extends OncePerRequestFilter {

	static final String HEADER = "X-Forwarded-Prefix";

	/** Path segments of unreserved characters only: a prefix cannot smuggle a host, a query or markup into links. */
	private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]{1,64}){1,8}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String prefix = prefixOf(request);
		chain.doFilter(prefix == null ? request : new Prefixed(request, prefix), response);
	}

	/** Also on the dispatch that follows a body read without a thread (SlowClients). */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	private static String prefixOf(HttpServletRequest request) {
		String header = request.getHeader(HEADER);
		if (header == null || !Boolean.TRUE.equals(request.getAttribute(Globals.REQUEST_FORWARDED_ATTRIBUTE))) {
			return null;
		}
		// trailing slashes dropped by hand: a regex for them backtracks over a long run of slashes
		String prefix = header.strip();
		int end = prefix.length();
		while (end > 0 && prefix.charAt(end - 1) == '/') {
			end--;
		}
		prefix = prefix.substring(0, end);
		return PREFIX.matcher(prefix).matches() ? prefix : null;
	}

	private static final class Prefixed extends HttpServletRequestWrapper {

		private final String prefix;

		Prefixed(HttpServletRequest request, String prefix) {
			super(request);
			this.prefix = prefix;
		}

		@Override
		public StringBuffer getRequestURL() {
			StringBuffer url = super.getRequestURL();
			int path = url.indexOf("/", url.indexOf("//") + 2);
			return path < 0 ? url.append(prefix) : url.insert(path, prefix);
		}

	}

}
