package org.billingterminology.webpages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The page a browser gets at /fhir: what the server hosts, a code browser and a claim check, all
 * done by its script through the FHIR API. Only a GET or HEAD of the base itself, without a query,
 * from a client whose most wanted type is HTML (the very test HAPI's OpenApiInterceptor applies to
 * redirect to its Swagger UI) gets the page; every FHIR client goes on to HAPI as before. The
 * page's script and style sheet are served from /fhir/web/ by this filter too: a fixed list of
 * files, read once from the classpath.
 */
final class LandingPage extends OncePerRequestFilter {

	static final String ASSETS = "/fhir/web/";

	/**
	 * Only our own script and style sheet, and calls to this server: the page renders data from the
	 * API, and nothing from it may run or load anything else.
	 */
	static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
			+ " img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

	private record Asset(byte[] bytes, String type, String etag) {

		static Asset of(byte[] bytes, String type) {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
				return new Asset(bytes, type, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
			}
			catch (NoSuchAlgorithmException e) {
				throw new IllegalStateException(e);
			}
		}

	}

	/** The page at /fhir/ links "web/..."; at /fhir (no slash) the same relative links need "fhir/". */
	private final Asset pageWithSlash;

	private final Asset pageWithoutSlash;

	private final Map<String, Asset> assets;

	LandingPage() {
		String page = new String(read("landing.html"), StandardCharsets.UTF_8);
		this.pageWithSlash = Asset.of(page.replace("{{here}}", "").getBytes(StandardCharsets.UTF_8), "text/html;charset=UTF-8");
		this.pageWithoutSlash = Asset.of(page.replace("{{here}}", "fhir/").getBytes(StandardCharsets.UTF_8),
				"text/html;charset=UTF-8");
		this.assets = Map.of(ASSETS + "landing.js", Asset.of(read("landing.js"), "text/javascript;charset=UTF-8"),
				ASSETS + "landing.css", Asset.of(read("landing.css"), "text/css;charset=UTF-8"));
	}

	private static byte[] read(String name) {
		try (InputStream in = LandingPage.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("The web page resource " + name + " is missing from the classpath");
			}
			return in.readAllBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return select(request) == null;
	}

	/** The asset this request asks for, or null when it is not ours (all FHIR requests). */
	private Asset select(HttpServletRequest request) {
		String method = request.getMethod();
		if (!"GET".equals(method) && !"HEAD".equals(method)) {
			return null;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.startsWith(ASSETS)) {
			return assets.get(path);
		}
		if (!path.equals("/fhir") && !path.equals("/fhir/") || request.getQueryString() != null
				|| !RestfulServerUtils.parseAcceptHeaderAndReturnHighestRankedOptions(request).contains(Constants.CT_HTML)) {
			return null;
		}
		return path.endsWith("/") ? pageWithSlash : pageWithoutSlash;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Asset asset = select(request);
		response.setHeader("Content-Security-Policy", POLICY);
		// /fhir answers FHIR or this page by the Accept header: a cache must tell them apart
		response.setHeader("Vary", "Accept");
		response.setHeader("ETag", asset.etag());
		if (asset.etag().equals(request.getHeader("If-None-Match"))) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		response.setStatus(200);
		response.setContentType(asset.type());
		response.setContentLength(asset.bytes().length);
		if ("GET".equals(request.getMethod())) {
			response.getOutputStream().write(asset.bytes());
		}
	}

}
