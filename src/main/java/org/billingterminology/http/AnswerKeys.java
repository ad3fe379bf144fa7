package org.billingterminology.http;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

import ca.uhn.fhir.rest.api.EncodingEnum;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The key a replayed answer is found by, normalised so that a client cannot multiply entries with
 * values that do not change the answer. Only what shapes an answer is in it: the method and path,
 * the query's parameters in a fixed order and spelling, each header that HAPI or our operations
 * read (every value of it, reduced to what is read), a POST's body, and for searches, whose
 * Bundles hold links, the base URL the server resolved (the configured public one, if any). Host and Origin never are: operation
 * answers hold no link. A request with a parameter that is not an operation's or a search's is not
 * keyed at all, so it takes the full path: a made-up parameter cannot create entries.
 */
final class AnswerKeys {

	/** Parameters of every cacheable operation (R4 and R5 names, HL7 tx options), and the general ones. */
	private static final Set<String> OPERATION_PARAMETERS = Set.of("_format", "_pretty", "_summary", "_elements",
			"url", "system", "code", "version", "display", "coding", "codeableConcept", "date", "abstract",
			"displayLanguage", "property", "useSupplement", "valueSet", "valueSetVersion", "context", "codeSystem",
			"systemVersion", "inferSystem", "activeOnly", "lenient-display-validation", "valueset-membership-only",
			"membershipOnly", "default-to-latest-version", "system-version", "check-system-version",
			"force-system-version", "includeDesignations", "includeDefinition", "designation", "filter", "count",
			"offset", "excludeNested", "excludeNotForUI", "excludePostCoordinated", "exclude-system", "codeA",
			"codeB", "codingA", "codingB", "source", "target", "targetsystem", "targetSystem", "conceptMap",
			"conceptMapVersion", "sourceCode", "sourceSystem", "sourceCoding", "sourceCodeableConcept", "targetCode",
			"targetCoding", "targetCodeableConcept", "dependency", "reverse", "diagnostics");

	/** ChargeItemDefinition's search parameters that clients use, ours included, and the result ones. */
	private static final Set<String> SEARCH_PARAMETERS = Set.of("_format", "_pretty", "_summary", "_elements",
			"_count", "_sort", "_total", "_id", "_lastUpdated", "code", "payer", "url", "status", "version", "title",
			"identifier", "effective", "publisher", "date", "description", "jurisdiction");

	private AnswerKeys() {
	}

	/** The key, or null when this request is not to be replayed. */
	static AnswerKey of(HttpServletRequest request, byte[] body, boolean search, String fixedBase) {
		String query = query(request.getQueryString(), search ? SEARCH_PARAMETERS : OPERATION_PARAMETERS);
		String accept = accept(request);
		String language = language(request);
		String contentType = "POST".equals(request.getMethod()) ? contentType(request) : "";
		if (query == null || accept == null || language == null || contentType == null) {
			return null;
		}
		StringBuilder head = new StringBuilder(128).append(request.getMethod())
			.append(' ')
			.append(request.getRequestURI())
			.append('?')
			.append(query)
			.append('\n')
			.append(accept)
			.append('\n')
			.append(language)
			.append('\n')
			.append(contentType)
			.append('\n')
			.append(gzip(request))
			.append('\n')
			.append(prefer(request));
		if (search) {
			head.append('\n').append(fixedBase != null ? fixedBase : resolvedBase(request));
		}
		return new AnswerKey(head.toString(), body);
	}

	/** Parameters sorted by name (the order of one name's values kept), decoded and encoded one way. */
	static String query(String raw, Set<String> allowed) {
		if (raw == null || raw.isEmpty()) {
			return "";
		}
		List<String[]> pairs = new ArrayList<>();
		for (String part : raw.split("&")) {
			if (part.isEmpty()) {
				continue;
			}
			int equals = part.indexOf('=');
			String name;
			String value;
			try {
				name = URLDecoder.decode(equals < 0 ? part : part.substring(0, equals), StandardCharsets.UTF_8);
				value = equals < 0 ? "" : URLDecoder.decode(part.substring(equals + 1), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException e) {
				return null;
			}
			if (!allowed.contains(name)) {
				return null;
			}
			pairs.add(new String[] { name, value });
		}
		pairs.sort(Comparator.comparing(pair -> pair[0]));
		StringJoiner query = new StringJoiner("&");
		for (String[] pair : pairs) {
			query.add(pair[0] + "=" + URLEncoder.encode(pair[1], StandardCharsets.UTF_8));
		}
		return query.toString();
	}

	/** Every Accept header, reduced to the media ranges HAPI chooses among and their weights. */
	private static String accept(HttpServletRequest request) {
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(Collections.list(request.getHeaders("Accept")));
		}
		catch (InvalidMediaTypeException e) {
			return null;
		}
		StringJoiner accept = new StringJoiner(",");
		for (MediaType type : types) {
			String bare = (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
			if (bare.equals("*/*") || bare.equals("application/*") || EncodingEnum.forContentType(bare) != null) {
				accept.add(bare + ";q=" + type.getQualityValue());
			}
		}
		return accept.toString();
	}

	/** Every Accept-Language header, as parsed language ranges (displays follow them). */
	private static String language(HttpServletRequest request) {
		List<String> values = Collections.list(request.getHeaders("Accept-Language"));
		if (values.isEmpty()) {
			return "";
		}
		try {
			StringJoiner ranges = new StringJoiner(",");
			for (Locale.LanguageRange range : Locale.LanguageRange.parse(String.join(",", values))) {
				ranges.add(range.getRange() + ";q=" + range.getWeight());
			}
			return ranges.toString();
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	/** A POST body is read as JSON or XML, whatever else its Content-Type says (RequestBodies checked the rest). */
	private static String contentType(HttpServletRequest request) {
		List<String> values = Collections.list(request.getHeaders("Content-Type"));
		if (values.size() != 1) {
			return null;
		}
		try {
			MediaType type = MediaType.parseMediaType(values.get(0));
			EncodingEnum encoding = EncodingEnum.forContentType(type.getType() + "/" + type.getSubtype());
			return encoding == null ? null : encoding.name();
		}
		catch (InvalidMediaTypeException e) {
			return null;
		}
	}

	/** HAPI compresses its answer when any Accept-Encoding value names gzip (ShortPaths does the same). */
	static boolean gzip(HttpServletRequest request) {
		return Collections.list(request.getHeaders("Accept-Encoding"))
			.stream()
			.anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("gzip"));
	}

	/** Only the preferences FHIR defines shape an answer. */
	private static String prefer(HttpServletRequest request) {
		List<String> preferences = new ArrayList<>();
		for (String value : Collections.list(request.getHeaders("Prefer"))) {
			for (String preference : value.split(",")) {
				String normal = preference.trim().toLowerCase(Locale.ROOT).replace(" ", "");
				if (normal.startsWith("return=") || normal.startsWith("handling=")) {
					preferences.add(normal);
				}
			}
		}
		Collections.sort(preferences);
		return String.join(",", preferences);
	}

	/**
	 * The request URL up to the context path: the scheme, host and port a trusted proxy forwarded
	 * (RemoteIpValve) and its prefix (ForwardedPrefix), as HAPI's links will name them.
	 */
	private static String resolvedBase(HttpServletRequest request) {
		String url = request.getRequestURL().toString();
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return (url.endsWith(path) ? url.substring(0, url.length() - path.length()) : url);
	}

	/** The normalised request head and the body, compared byte for byte without copying it. */
	record AnswerKey(String head, byte[] body) {

		long weight() {
			return 2L * head.length() + body.length + 48;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof AnswerKey key && head.equals(key.head) && Arrays.equals(body, key.body);
		}

		@Override
		public int hashCode() {
			return 31 * head.hashCode() + Arrays.hashCode(body);
		}

		@Override
		public String toString() {
			return head + " (" + body.length + " bytes)";
		}

	}

}
