package org.billingterminology.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import ca.uhn.fhir.rest.api.EncodingEnum;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two things in a JSON body that HAPI's parser cannot take, found by one cheap pass over the
 * bytes before it sees them (no parse: string literals are skipped, only the structure and the
 * numbers are looked at):
 * <ul>
 * <li>a number with an absurd exponent or length: HAPI turns {@code 1e99999999} into its plain
 * decimal string, a hundred megabytes, and runs out of memory. No FHIR value needs more than
 * {@value #MAX_DIGITS} digits or an exponent beyond &plusmn;{@value #MAX_EXPONENT}.</li>
 * <li>in FHIR JSON, a {@code null} as the value of a property: FHIR allows {@code null} only as
 * an array element (a primitive whose value is absent in a parallel {@code _name} array), and
 * HAPI's parser fails on {@code "resource": null} with a null pointer.</li>
 * </ul>
 * Runs after {@link RequestBodies}, whose request wrapper hands out the buffered (and gunzipped)
 * body afresh at each {@code getInputStream()}, so reading it here costs a copy, not the body.
 */
class JsonBodies extends OncePerRequestFilter {

	/** Digits of a number's integer and fraction parts together. */
	static final int MAX_DIGITS = 100;

	/** The largest exponent, either sign. */
	static final int MAX_EXPONENT = 1000;

	private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !BODY_METHODS.contains(request.getMethod()) || !isJson(request.getContentType());
	}

	/** A request with a body reaches this filter on the dispatch after its body arrived (SlowClients). */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = request.getInputStream().readAllBytes();
		String problem = problem(body, isFhirJson(request.getContentType()));
		if (problem != null) {
			response.sendError(400, problem);
			return;
		}
		chain.doFilter(request, response);
	}

	private static String bareType(String contentType) {
		if (contentType == null) {
			return "";
		}
		int semicolon = contentType.indexOf(';');
		return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
	}

	/** FHIR JSON, and the JSON patch format (numbers only: a patch may set a value to null). */
	private static boolean isJson(String contentType) {
		String bare = bareType(contentType);
		return isFhirJson(contentType) || bare.endsWith("+json");
	}

	private static boolean isFhirJson(String contentType) {
		return EncodingEnum.forContentType(bareType(contentType)) == EncodingEnum.JSON;
	}

	/**
	 * The first problem in the body, or null. Malformed JSON is left to the parser, which names
	 * its own problems well; this pass only has to be right about bodies that are well formed.
	 */
	static String problem(byte[] json, boolean fhir) {
		// true at a depth whose container is an object; deeper than this the parser refuses anyway
		boolean[] inObject = new boolean[1100];
		int depth = 0;
		boolean afterColon = false;
		int keyStart = -1;
		int keyEnd = -1;
		int stringStart = -1;
		int stringEnd = -1;
		for (int i = 0; i < json.length; i++) {
			byte b = json[i];
			switch (b) {
				case '"' -> {
					stringStart = i + 1;
					i++;
					while (i < json.length && json[i] != '"') {
						i += json[i] == '\\' ? 2 : 1;
					}
					stringEnd = Math.min(i, json.length);
				}
				case ':' -> {
					afterColon = true;
					keyStart = stringStart;
					keyEnd = stringEnd;
				}
				case ',' -> afterColon = false;
				case '{', '[' -> {
					if (depth + 1 < inObject.length) {
						inObject[++depth] = b == '{';
					}
					afterColon = false;
				}
				case '}', ']' -> {
					depth = Math.max(0, depth - 1);
					afterColon = false;
				}
				case 'n' -> {
					if (fhir && afterColon && depth > 0 && inObject[depth]) {
						return "The JSON body gives null as the value of '" + key(json, keyStart, keyEnd)
								+ "'; FHIR JSON leaves out an absent value instead (null is allowed only in arrays of"
								+ " primitives)";
					}
				}
				default -> {
					if (b == '-' || (b >= '0' && b <= '9')) {
						int end = numberEnd(json, i);
						String problem = numberProblem(json, i, end, key(json, keyStart, keyEnd));
						if (problem != null) {
							return problem;
						}
						i = end - 1;
					}
				}
			}
		}
		return null;
	}

	/** The end (exclusive) of the number starting at start. */
	private static int numberEnd(byte[] json, int start) {
		int i = start;
		while (i < json.length && isNumberByte(json[i])) {
			i++;
		}
		return i;
	}

	private static boolean isNumberByte(byte b) {
		return (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
	}

	private static String numberProblem(byte[] json, int start, int end, String key) {
		int digits = 0;
		int i = start;
		for (; i < end && json[i] != 'e' && json[i] != 'E'; i++) {
			if (json[i] >= '0' && json[i] <= '9') {
				digits++;
			}
		}
		String where = " in '" + key + "'";
		if (digits > MAX_DIGITS) {
			return "The JSON body has a number with " + digits + " digits" + where + "; this server accepts at most "
					+ MAX_DIGITS;
		}
		long exponent = 0;
		for (i++; i < end; i++) {
			if (json[i] >= '0' && json[i] <= '9') {
				exponent = exponent * 10 + (json[i] - '0');
				if (exponent > MAX_EXPONENT) {
					String text = new String(json, start, Math.min(end - start, 40), StandardCharsets.US_ASCII);
					return "The JSON body has a number with an exponent beyond \u00b1" + MAX_EXPONENT + where + " ("
							+ text + (end - start > 40 ? "..." : "") + "); this server accepts exponents from -"
							+ MAX_EXPONENT + " to " + MAX_EXPONENT;
				}
			}
		}
		return null;
	}

	private static String key(byte[] json, int start, int end) {
		if (start < 0 || end <= start) {
			return "(top level)";
		}
		String key = new String(json, start, Math.min(end - start, 64), StandardCharsets.UTF_8);
		return end - start > 64 ? key + "..." : key;
	}

}
