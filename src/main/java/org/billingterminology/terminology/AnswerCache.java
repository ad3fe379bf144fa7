package org.billingterminology.terminology;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.model.Snapshots;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The fast path: successful answers of read-only terminology requests and ChargeItemDefinition
 * searches, kept as the exact bytes and headers HAPI produced and replayed for an identical
 * request. Everything that shapes an answer is in the key (method, path, query with _format,
 * _pretty, _elements..., Accept, Accept-Encoding, Host, Origin, and a POST's body), so a replay
 * is what HAPI would have said. The first answer went through every HAPI interceptor; requests
 * that carry credentials or conditions are never served from here. The cache belongs to one
 * terminology snapshot and one content generation: any committed change starts an empty one.
 */
class AnswerCache extends OncePerRequestFilter {

	/** Read-only terminology operations, by type or instance, and the payer-note search. */
	private static final Pattern CACHEABLE = Pattern.compile("/fhir/(?:(?:CodeSystem|ValueSet|ConceptMap)(?:/[A-Za-z0-9\\-.]{1,64})?/"
			+ "\\$(?:lookup|validate-code|subsumes|expand|translate)|ChargeItemDefinition)");

	private static final int MAX_BODY = 16 * 1024;

	private static final int MAX_ANSWER = 1024 * 1024;

	private static final int MAX_ENTRIES = 20_000;

	private final Snapshots terminology;

	private volatile Generation current;

	private record Generation(Snapshot snapshot, long content, Map<String, Answer> answers) {
	}

	private record Answer(int status, List<String[]> headers, byte[] body) {
	}

	AnswerCache(Snapshots terminology) {
		this.terminology = terminology;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return !("GET".equals(method) || "POST".equals(method))
				|| !CACHEABLE.matcher(request.getRequestURI()).matches()
				|| request.getHeader("Authorization") != null || request.getHeader("If-None-Match") != null
				|| request.getHeader("If-Modified-Since") != null || request.getHeader("Cache-Control") != null
				|| ("POST".equals(method) && (request.getContentLength() < 0 || request.getContentLength() > MAX_BODY
						|| request.getRequestURI().endsWith("ChargeItemDefinition") || isForm(request)));
	}

	/** A form's parameters are read by the container, not from the stream this filter hands on. */
	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		return type == null || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = "POST".equals(request.getMethod()) ? request.getInputStream().readNBytes(MAX_BODY + 1) : new byte[0];
		String key = key(request, body);
		Generation generation = generation();
		Answer answer = generation.answers().get(key);
		if (answer != null) {
			replay(answer, response);
			return;
		}
		HttpServletRequest forward = body.length == 0 ? request : new BodyRequest(request, body);
		ContentCachingResponseWrapper recorder = new ContentCachingResponseWrapper(response);
		chain.doFilter(forward, recorder);
		if (recorder.getStatus() == 200 && recorder.getContentSize() <= MAX_ANSWER && !isPaged(recorder)) {
			if (generation.answers().size() >= MAX_ENTRIES) {
				generation.answers().clear();
			}
			generation.answers().put(key, new Answer(200, headers(recorder), recorder.getContentAsByteArray()));
		}
		recorder.copyBodyToResponse();
	}

	/** A search page links to results HAPI keeps only for a while; such answers are not kept here. */
	private static boolean isPaged(ContentCachingResponseWrapper recorder) {
		return new String(recorder.getContentAsByteArray(), StandardCharsets.UTF_8).contains("_getpages");
	}

	private Generation generation() {
		Snapshot snapshot = terminology.snapshot();
		long content = terminology.contentGeneration();
		Generation generation = current;
		if (generation == null || generation.snapshot() != snapshot || generation.content() != content) {
			generation = new Generation(snapshot, content, new ConcurrentHashMap<>());
			current = generation;
		}
		return generation;
	}

	private static String key(HttpServletRequest request, byte[] body) {
		StringBuilder key = new StringBuilder(256).append(request.getMethod())
			.append(' ')
			.append(request.getRequestURI())
			.append('?')
			.append(request.getQueryString());
		for (String header : new String[] { "Accept", "Accept-Encoding", "Accept-Language", "Host", "Origin",
				"Content-Type", "Prefer" }) {
			key.append('\n').append(request.getHeader(header));
		}
		return key.append('\n').append(new String(body, StandardCharsets.ISO_8859_1)).toString();
	}

	private static List<String[]> headers(HttpServletResponse recorded) {
		List<String[]> headers = new ArrayList<>();
		for (String name : recorded.getHeaderNames()) {
			if (!name.equalsIgnoreCase("Date") && !name.equalsIgnoreCase("Content-Length")
					&& !name.equalsIgnoreCase("Transfer-Encoding")) {
				for (String value : recorded.getHeaders(name)) {
					headers.add(new String[] { name, value });
				}
			}
		}
		if (recorded.getContentType() != null) {
			headers.add(new String[] { "Content-Type", recorded.getContentType() });
		}
		return headers;
	}

	private static void replay(Answer answer, HttpServletResponse response) throws IOException {
		response.setStatus(answer.status());
		for (String[] header : answer.headers()) {
			if (header[0].equalsIgnoreCase("Content-Type")) {
				response.setContentType(header[1]);
			}
			else {
				response.addHeader(header[0], header[1]);
			}
		}
		response.setContentLength(answer.body().length);
		response.getOutputStream().write(answer.body());
	}

	/** A request whose body was read for the key, handed on with the same bytes. */
	private static final class BodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream bytes = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return bytes.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return bytes.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return bytes.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("synchronous reads only");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(getInputStream(), Charset.forName(encoding)));
		}

	}

}
