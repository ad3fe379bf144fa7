package org.billingterminology.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import ca.uhn.fhir.rest.api.EncodingEnum;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.billingterminology.security.AdminUploads;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks what reaches the FHIR endpoint before HAPI reads it: the query string and any body must
 * be UTF-8 (FHIR's only character encoding), a body must have a FHIR media type, and no body may
 * be larger than the limit, whether it declares a Content-Length, comes chunked, or is gzipped
 * (the limit applies to the decoded bytes, so a small gzip bomb cannot fill the heap). The body is
 * read here once, into memory, which HAPI would do anyway; later filters find it with
 * {@link #bodyOf} instead of reading it again.
 */
final class RequestBodies extends OncePerRequestFilter {

	private static final String BODY_ATTRIBUTE = RequestBodies.class.getName() + ".body";

	private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

	/** Media types for a body besides FHIR JSON and XML: search by form, and the two patch formats. */
	private static final Set<String> OTHER_BODY_TYPES = Set.of("application/x-www-form-urlencoded",
			"application/json-patch+json", "application/xml-patch+xml");

	private final long limit;

	private final long uploadLimit;

	private final AdminUploads uploads;

	RequestBodies(long limit, long uploadLimit, AdminUploads uploads) {
		this.limit = limit;
		this.uploadLimit = uploadLimit;
		this.uploads = uploads;
	}

	/** A request with a body reaches this filter on the dispatch after its body arrived (SlowClients). */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String problem = queryProblem(request.getQueryString());
		if (problem != null) {
			response.sendError(400, problem);
			return;
		}
		if (!BODY_METHODS.contains(request.getMethod()) || !hasBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		problem = mediaTypeProblem(request.getContentType());
		if (problem == null) {
			problem = encodingProblem(request.getHeader("Content-Encoding"));
		}
		if (problem != null) {
			response.sendError(415, problem);
			return;
		}
		long allowed = uploads.matches(request) ? uploadLimit : limit;
		if (request.getContentLengthLong() > allowed) {
			// refused unread: closing the connection spares Tomcat reading the rest to reuse it
			response.setHeader("Connection", "close");
			response.sendError(413, tooLarge(allowed));
			return;
		}
		byte[] body;
		try {
			body = read(request, allowed);
		}
		catch (ZipException e) {
			response.sendError(400, "The request body is declared gzip-encoded but is not valid gzip");
			return;
		}
		if (body == null) {
			response.sendError(413, tooLarge(allowed));
			return;
		}
		if (!isUtf8(body)) {
			response.sendError(400, "The request body is not valid UTF-8; FHIR content must be encoded in UTF-8");
			return;
		}
		if (request.getContentType().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
				&& queryProblem(new String(body, StandardCharsets.UTF_8)) != null) {
			response.sendError(400, "The form body is not valid URL encoding: each '%' must be followed by two hexadecimal digits");
			return;
		}
		request.setAttribute(BODY_ATTRIBUTE, body);
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	/** The decoded body this filter read, or null when the request had none or did not pass here. */
	static byte[] bodyOf(HttpServletRequest request) {
		return request.getAttribute(BODY_ATTRIBUTE) instanceof byte[] body ? body : null;
	}

	private static String tooLarge(long allowed) {
		return "The request body is larger than this server accepts (" + allowed + " bytes)";
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static String mediaTypeProblem(String contentType) {
		String accepted = "send application/fhir+json or application/fhir+xml";
		if (contentType == null || contentType.isBlank()) {
			return "A request body needs a Content-Type header: " + accepted;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException e) {
			return "The Content-Type '" + contentType + "' is not a valid media type: " + accepted;
		}
		String bare = type.getType() + "/" + type.getSubtype();
		EncodingEnum encoding = EncodingEnum.forContentType(bare);
		boolean fhir = encoding == EncodingEnum.JSON || encoding == EncodingEnum.XML;
		if (!fhir && !OTHER_BODY_TYPES.contains(bare.toLowerCase(Locale.ROOT))) {
			return "The media type '" + bare + "' is not supported here: " + accepted;
		}
		String charset = type.getParameter("charset");
		if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("UTF-8")) {
			return "The charset '" + charset + "' is not supported: FHIR content is UTF-8";
		}
		return null;
	}

	private static String encodingProblem(String contentEncoding) {
		if (contentEncoding == null || contentEncoding.isBlank() || isGzip(contentEncoding)
				|| contentEncoding.trim().equalsIgnoreCase("identity")) {
			return null;
		}
		return "The Content-Encoding '" + contentEncoding + "' is not supported; send gzip or no encoding";
	}

	private static boolean isGzip(String contentEncoding) {
		return contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
	}

	/** The decoded body, or null when it is over the limit. */
	private static byte[] read(HttpServletRequest request, long limit) throws IOException {
		InputStream in = request.getInputStream();
		if (isGzip(request.getHeader("Content-Encoding"))) {
			in = new GZIPInputStream(in);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			out.write(buffer, 0, n);
			if (out.size() > limit) {
				return null;
			}
		}
		return out.toByteArray();
	}

	private static boolean isUtf8(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException e) {
			return false;
		}
	}

	/** A query string whose percent-escapes do not spell UTF-8 would reach the operations as U+FFFD. */
	static String queryProblem(String query) {
		if (query == null) {
			return null;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '%') {
				int high = i + 2 < query.length() ? Character.digit(query.charAt(i + 1), 16) : -1;
				int low = high >= 0 ? Character.digit(query.charAt(i + 2), 16) : -1;
				if (low < 0) {
					return "The query string has a '%' that is not followed by two hexadecimal digits";
				}
				bytes.write(high * 16 + low);
				i += 2;
			}
			else {
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
		}
		return isUtf8(bytes.toByteArray()) ? null
				: "The query string is not valid UTF-8 once its percent-escapes are decoded";
	}

}
