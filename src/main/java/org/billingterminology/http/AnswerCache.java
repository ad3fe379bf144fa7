package org.billingterminology.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.billingterminology.http.AnswerKeys.AnswerKey;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The fast path: successful answers of read-only terminology operations and ChargeItemDefinition
 * searches, kept as the bytes HAPI wrote and replayed for a request with the same
 * {@link AnswerKeys key}. The cache is bounded in bytes (a Caffeine cache with a weigher, so the
 * least useful answers go first) and holds no answer far larger than a normal one and no HTML page.
 * Only the representation headers of an answer are kept: CORS, security headers and the request id
 * come afresh from the live filters in front of this one for every request. Requests that carry
 * credentials or conditions, or ask for a fresh answer, always take the full path. Every answer
 * belongs to the content generation it was computed in: any committed change empties the cache,
 * and an answer computed across a change is not kept.
 */
final class AnswerCache extends OncePerRequestFilter {

	/** Says whether an answer was replayed ("hit") or computed and offered to the cache ("miss"). */
	static final String REPLAY_HEADER = "X-Cache";

	private static final Pattern OPERATION = Pattern.compile(
			"/fhir/(?:CodeSystem|ValueSet|ConceptMap)(?:/[A-Za-z0-9\\-.]{1,64})?/\\$(?:lookup|validate-code|subsumes|expand|translate)");

	private static final String SEARCH = "/fhir/ChargeItemDefinition";

	/** A larger POST body is a rare request, not worth a key of that size. */
	private static final int MAX_KEYED_BODY = 16 * 1024;

	/** The headers that describe the answer's bytes; everything else is the live chain's business. */
	private static final Set<String> REPRESENTATION_HEADERS = Set.of("content-type", "content-encoding",
			"content-language", "content-location", "etag", "last-modified", "vary");

	private static final byte[] NO_BODY = new byte[0];

	private static final byte[] PAGING_LINK = "_getpages".getBytes();

	private final Cache<AnswerKey, Answer> answers;

	private final long maxAnswer;

	private final LongSupplier contentGeneration;

	private volatile long generation = Long.MIN_VALUE;

	/** The configured public base URL, which every link names; null when links follow the request. */
	private final String fixedBase;

	record Answer(long generation, List<String[]> headers, byte[] body) {

		long weight() {
			long weight = body.length + 64L;
			for (String[] header : headers) {
				weight += 2L * (header[0].length() + header[1].length()) + 32;
			}
			return weight;
		}

	}

	/**
	 * @param budget most bytes of keys and answers held; 0 turns the cache off
	 * @param contentGeneration changes whenever stored content changes
	 * @param publicBaseUrl the configured public base URL, or blank
	 */
	AnswerCache(long budget, LongSupplier contentGeneration, String publicBaseUrl) {
		this.contentGeneration = contentGeneration;
		this.fixedBase = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : publicBaseUrl.trim();
		this.maxAnswer = budget / 64;
		// maintenance on the calling thread: the weight is back under the budget when put() returns
		this.answers = Caffeine.newBuilder()
			.maximumWeight(budget)
			.<AnswerKey, Answer>weigher((key, answer) -> (int) Math.min(Integer.MAX_VALUE, key.weight() + answer.weight()))
			.executor(Runnable::run)
			.recordStats()
			.build();
	}

	Cache<AnswerKey, Answer> answers() {
		return answers;
	}

	long budget() {
		return answers.policy().eviction().orElseThrow().getMaximum();
	}

	long weight() {
		return answers.policy().eviction().orElseThrow().weightedSize().orElse(0);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		String path = request.getRequestURI();
		boolean search = SEARCH.equals(path);
		return maxAnswer == 0 || !("GET".equals(method) || ("POST".equals(method) && !search))
				|| !(search || OPERATION.matcher(path).matches()) || request.getHeader("Authorization") != null
				|| request.getHeader("If-None-Match") != null || request.getHeader("If-Modified-Since") != null
				|| request.getHeader("Cache-Control") != null || request.getHeader("Pragma") != null
				// it lowers the expansion limit for that request: its answers are its own
				|| request.getHeader("X-TOO-COSTLY-THRESHOLD") != null || asksForHtml(request);
	}

	/** HAPI's HTML rendering of an answer is for people looking at it, large and rarely asked twice. */
	private static boolean asksForHtml(HttpServletRequest request) {
		String format = request.getParameter("_format");
		if (format != null && format.toLowerCase(Locale.ROOT).contains("html")) {
			return true;
		}
		for (var values = request.getHeaders("Accept"); values.hasMoreElements();) {
			if (values.nextElement().toLowerCase(Locale.ROOT).contains("html")) {
				return true;
			}
		}
		return false;
	}

	/** A request with a body reaches this filter on the dispatch after its body arrived (SlowClients). */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = "POST".equals(request.getMethod()) ? RequestBodies.bodyOf(request) : NO_BODY;
		AnswerKey key = body == null || body.length > MAX_KEYED_BODY ? null
				: AnswerKeys.of(request, body, SEARCH.equals(request.getRequestURI()), fixedBase);
		if (key == null) {
			chain.doFilter(request, response);
			return;
		}
		long current = currentGeneration();
		Answer answer = answers.getIfPresent(key);
		if (answer != null && answer.generation() == current) {
			replay(answer, response);
			return;
		}
		List<String> before = representationLines(response);
		ContentCachingResponseWrapper recorder = new ContentCachingResponseWrapper(response);
		recorder.setHeader(REPLAY_HEADER, "miss");
		chain.doFilter(request, recorder);
		if (worthKeeping(recorder) && current == contentGeneration.getAsLong()) {
			answers.put(key, new Answer(current, representationHeaders(recorder, before), recorder.getContentAsByteArray()));
		}
		recorder.copyBodyToResponse();
	}

	/** Entries of an older generation are never replayed; the first request after a change drops them all. */
	private long currentGeneration() {
		long current = contentGeneration.getAsLong();
		if (current != generation) {
			synchronized (this) {
				if (current != generation) {
					answers.invalidateAll();
					generation = current;
				}
			}
		}
		return current;
	}

	private boolean worthKeeping(ContentCachingResponseWrapper recorder) {
		String type = recorder.getContentType();
		return recorder.getStatus() == 200 && recorder.getContentSize() <= maxAnswer
				&& (type == null || !type.toLowerCase(Locale.ROOT).contains("html")) && !isPaged(recorder);
	}

	/** A search page links to results HAPI keeps only for a while; such answers are not kept here. */
	private static boolean isPaged(ContentCachingResponseWrapper recorder) {
		byte[] content = recorder.getContentAsByteArray();
		outer: for (int i = 0; i <= content.length - PAGING_LINK.length; i++) {
			for (int j = 0; j < PAGING_LINK.length; j++) {
				if (content[i + j] != PAGING_LINK[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	/** Representation headers as "name: value" lines, the content type left to its own getter. */
	private static List<String> representationLines(HttpServletResponse response) {
		List<String> lines = new ArrayList<>();
		for (String name : Set.copyOf(response.getHeaderNames())) {
			if (REPRESENTATION_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("Content-Type")) {
				response.getHeaders(name).forEach(value -> lines.add(name + ": " + value));
			}
		}
		return lines;
	}

	/**
	 * The representation headers written while the answer was computed: those that filters in front
	 * set before (CORS's Vary, say) are theirs to set again on a replay.
	 */
	private static List<String[]> representationHeaders(HttpServletResponse recorded, List<String> before) {
		List<String> earlier = new ArrayList<>(before);
		List<String[]> headers = new ArrayList<>();
		for (String line : representationLines(recorded)) {
			if (!earlier.remove(line)) {
				int colon = line.indexOf(": ");
				headers.add(new String[] { line.substring(0, colon), line.substring(colon + 2) });
			}
		}
		if (recorded.getContentType() != null) {
			headers.add(new String[] { "Content-Type", recorded.getContentType() });
		}
		return List.copyOf(headers);
	}

	private static void replay(Answer answer, HttpServletResponse response) throws IOException {
		response.setStatus(200);
		for (String[] header : answer.headers()) {
			if (header[0].equalsIgnoreCase("Content-Type")) {
				response.setContentType(header[1]);
			}
			else {
				response.addHeader(header[0], header[1]);
			}
		}
		response.setHeader(REPLAY_HEADER, "hit");
		response.setContentLength(answer.body().length);
		response.getOutputStream().write(answer.body());
	}

}
