package org.billingterminology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of bad requests, each sent over a raw socket exactly as written, and each expected to
 * get a specific 4xx status and an OperationOutcome that names the problem, without a trace of
 * the server's internals.
 */
class BadInputIT extends ServerTestSupport {

	private static final String JSON = "application/fhir+json";

	private static final String XML = "application/fhir+xml";

	private static final String LOOKUP = "/fhir/CodeSystem/$lookup";

	private static final String EXPAND = "/fhir/ValueSet/$expand";

	private static final String ALL_CODES = "http://fhir.billing-terminology.org/ValueSet/all-codes";

	private static final String EXPAND_ALL = EXPAND + "?url=" + ALL_CODES;

	private static final String CPT_LOOKUP = LOOKUP + "?system=" + CPT;

	/** Words that only a leaked stack trace or internal error would put in a response. */
	private static final List<String> INTERNALS = List.of("Exception", "java.", "\tat ", "ca.uhn.fhir.", "org.hibernate",
			"org.apache", "springframework", "org.h2", "NullPointer", "StackOverflow");

	/**
	 * One request: a raw request head (request line and extra headers), an optional body, and
	 * what must come back.
	 */
	record Case(String name, String head, byte[] body, boolean chunked, int status, String says) {

		@Override
		public String toString() {
			return name;
		}

	}

	static List<Case> corpus() {
		List<Case> cases = new ArrayList<>();
		malformedBodies(cases);
		wrongParameterTypes(cases);
		missingParameters(cases);
		unknownContent(cases);
		hugeRequests(cases);
		pagingParameters(cases);
		mediaTypesAndFormats(cases);
		resourceTypesAndIds(cases);
		pathTraversal(cases);
		invalidEncodings(cases);
		methods(cases);
		hostileInput(cases);
		return cases;
	}

	private static void malformedBodies(List<Case> cases) {
		json(cases, "truncated JSON", LOOKUP, "{\"resourceType\": \"Parameters\", ", 400, "Failed to parse JSON");
		json(cases, "not JSON at all", LOOKUP, "hello", 400, "Failed to parse JSON");
		json(cases, "a JSON array", LOOKUP, "[]", 400, "must be '{'");
		json(cases, "JSON null", LOOKUP, "null", 400, "Failed to parse JSON");
		json(cases, "JSON without resourceType", LOOKUP, "{}", 400, "resourceType");
		json(cases, "an unknown resourceType", LOOKUP, "{\"resourceType\":\"Foo\"}", 400, "Unknown resource name \\\"Foo\\\"");
		json(cases, "trailing garbage after JSON", LOOKUP, "{\"resourceType\":\"Parameters\"} xyz", 400, "Unrecognized token");
		json(cases, "an invalid JSON escape", LOOKUP, params("{\"name\":\"code\",\"valueCode\":\"\\q\"}"), 400,
				"Unrecognized character escape");
		json(cases, "a raw control character in a JSON string", LOOKUP,
				params("{\"name\":\"code\",\"valueCode\":\"a\u0001b\"}"), 400, "Illegal unquoted character");
		json(cases, "an unterminated JSON string", LOOKUP, params("{\"name\":\"code\",\"valueCode\":\"77003}]}"), 400,
				"Unexpected end-of-input");
		json(cases, "an empty JSON body", LOOKUP, "", 400, "Did not find any content to parse");
		json(cases, "a parameter list that is a string", LOOKUP, "{\"resourceType\":\"Parameters\",\"parameter\":\"x\"}", 400,
				"$lookup needs a code and a system");
		json(cases, "a parameter without a name", LOOKUP, params("{\"valueCode\":\"x\"}"), 400,
				"$lookup needs a code and a system");
		json(cases, "a Patient where Parameters belong", LOOKUP, "{\"resourceType\":\"Patient\"}", 400,
				"$lookup needs a code and a system");
		json(cases, "an integer that is not a number", EXPAND, params("{\"name\":\"count\",\"valueInteger\":\"x\"}"), 400,
				"Invalid attribute value \\\"x\\\"");
		json(cases, "an integer beyond 32 bits", EXPAND,
				params("{\"name\":\"url\",\"valueUri\":\"" + ALL_CODES + "\"},{\"name\":\"count\",\"valueInteger\":2147483648}"),
				400, "Invalid attribute value");
		json(cases, "an integer where a code belongs", LOOKUP,
				params("{\"name\":\"code\",\"valueInteger\":5},{\"name\":\"system\",\"valueUri\":\"" + CPT + "\"}"), 400,
				"of type integer but method expects type code");
		json(cases, "a string where an integer belongs", EXPAND,
				params("{\"name\":\"url\",\"valueUri\":\"" + ALL_CODES + "\"},{\"name\":\"count\",\"valueString\":\"x\"}"), 400,
				"of type string but method expects type integer");
		json(cases, "a Patient where a ValueSet belongs", EXPAND,
				params("{\"name\":\"valueSet\",\"resource\":{\"resourceType\":\"Patient\"}}"), 400,
				"of type Patient but method expects type ValueSet");
		json(cases, "objects nested 5000 deep", LOOKUP,
				"{\"resourceType\":\"Parameters\",\"parameter\":[" + "{\"name\":\"x\",\"part\":[".repeat(5000)
						+ "]}".repeat(5000) + "]}",
				400, "nesting depth");
		json(cases, "arrays nested 5000 deep", LOOKUP,
				"{\"resourceType\":\"Parameters\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}", 400, "nesting depth");
		json(cases, "arrays nested 1500 deep", LOOKUP,
				"{\"resourceType\":\"Parameters\",\"x\":" + "[".repeat(1500) + "]".repeat(1500) + "}", 400, "nesting depth");

		xml(cases, "not XML at all", LOOKUP, "hello", 400, "Unexpected character 'h'");
		xml(cases, "truncated XML", LOOKUP, "<Parameters xmlns=\"http://hl7.org/fhir\"><parameter>", 400, "Unexpected EOF");
		xml(cases, "mismatched XML tags", LOOKUP, "<Parameters xmlns=\"http://hl7.org/fhir\"><parameter></Parameters>", 400,
				"Unexpected close tag");
		xml(cases, "XML outside the FHIR namespace", LOOKUP,
				"<Parameters><parameter><name value=\"code\"/></parameter></Parameters>", 400,
				"$lookup needs a code and a system");
		xml(cases, "an XML integer that is not a number", EXPAND,
				"<Parameters xmlns=\"http://hl7.org/fhir\"><parameter><name value=\"count\"/><valueInteger value=\"abc\"/>"
						+ "</parameter></Parameters>",
				400, "Invalid attribute value");
		xml(cases, "XML elements nested 5000 deep", LOOKUP, "<Parameters xmlns=\"http://hl7.org/fhir\">"
				+ "<parameter><name value=\"x\"/><part>".repeat(5000) + "</part></parameter>".repeat(5000) + "</Parameters>",
				400, "Maximum Element Depth");
		xml(cases, "an XML entity expansion bomb", LOOKUP, """
				<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">\
				<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\
				<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\
				<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
				<Parameters xmlns="http://hl7.org/fhir"><parameter><name value="code"/><valueCode value="&lol4;"/>\
				</parameter></Parameters>""", 400, "Undeclared general entity");
		xml(cases, "an XML external entity", LOOKUP, """
				<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
				<Parameters xmlns="http://hl7.org/fhir"><parameter><name value="code"/><valueCode value="&xxe;"/>\
				</parameter></Parameters>""", 400, "Undeclared general entity");
		xml(cases, "an XML NUL character reference", LOOKUP,
				"<Parameters xmlns=\"http://hl7.org/fhir\"><parameter><name value=\"code\"/><valueCode value=\"&#0;\"/>"
						+ "</parameter></Parameters>",
				400, "Failed to parse XML");
	}

	private static void wrongParameterTypes(List<Case> cases) {
		get(cases, EXPAND_ALL + "&count=abc", 400, "the parameter 'count'");
		get(cases, EXPAND_ALL + "&count=1.5", 400, "the parameter 'count'");
		get(cases, EXPAND_ALL + "&count=99999999999", 400, "the parameter 'count'");
		get(cases, EXPAND_ALL + "&count=-1", 400, "The count parameter must not be negative");
		get(cases, EXPAND_ALL + "&count=20000", 400, "count may be at most 10000");
		get(cases, EXPAND_ALL + "&offset=abc", 400, "the parameter 'offset'");
		get(cases, EXPAND_ALL + "&offset=-1", 400, "The offset parameter must not be negative");
		get(cases, EXPAND_ALL + "&activeOnly=maybe", 400, "the parameter 'activeOnly'");
		get(cases, EXPAND_ALL + "&includeDesignations=yes", 400, "the parameter 'includeDesignations'");
		get(cases, "/fhir/ConceptMap/$translate?system=" + CPT + "&code=76005&reverse=perhaps", 400,
				"the parameter 'reverse'");
		get(cases, "/fhir/ValueSet/$validate-code?url=" + ALL_CODES + "&code=77003&inferSystem=sometimes", 400,
				"the parameter 'inferSystem'");
		get(cases, LOOKUP + "?coding=garbage", 400, "$lookup needs a code and a system");
		get(cases, "/fhir/CodeSystem/$validate-code?url=" + CPT + "&code=77003&codeableConcept=x", 405,
				"parameter codeableConcept is not a primitive");
		get(cases, EXPAND + "?valueSet=x", 405, "parameter valueSet is not a primitive");
		get(cases, "/fhir/CodeSystem?date=notadate", 400, "Invalid date/time/quantity format");
		get(cases, "/fhir/CodeSystem?_lastUpdated=xx", 400, "Invalid date/time/quantity format");
	}

	private static void missingParameters(List<Case> cases) {
		get(cases, LOOKUP, 400, "$lookup needs a code and a system");
		get(cases, LOOKUP + "?code=77003", 400, "$lookup needs a code and a system");
		get(cases, LOOKUP + "?system=" + CPT, 400, "$lookup needs a code and a system");
		get(cases, "/fhir/CodeSystem/$validate-code", 400, "$validate-code needs a code");
		get(cases, "/fhir/ValueSet/$validate-code?url=" + ALL_CODES, 400, "$validate-code needs a code");
		get(cases, "/fhir/ValueSet/$validate-code", 400, "Say which ValueSet");
		get(cases, EXPAND, 400, "Say which ValueSet");
		get(cases, "/fhir/ConceptMap/$translate", 400, "$translate needs a code and a system");
		get(cases, "/fhir/CodeSystem/$subsumes?system=" + CPT + "&codeA=77003", 400, "$subsumes needs codeA, codeB");
		get(cases, "/fhir/CodeSystem/$subsumes?codingA=" + CPT + "|77003&codingB=" + HCPCS + "|TC", 400,
				"$subsumes compares codes of one code system");
		json(cases, "an empty Parameters to $lookup", LOOKUP, "{\"resourceType\":\"Parameters\"}", 400,
				"$lookup needs a code and a system");
		json(cases, "an empty Parameters to $expand", EXPAND, "{\"resourceType\":\"Parameters\"}", 400,
				"Say which ValueSet");
		json(cases, "a coding without a code", LOOKUP,
				params("{\"name\":\"coding\",\"valueCoding\":{\"system\":\"" + CPT + "\"}}"), 400,
				"$lookup needs a code and a system");
		get(cases, "/fhir/ChargeItemDefinition?payer=Organization/", 400, "Parameter value missing");
	}

	private static void unknownContent(List<Case> cases) {
		get(cases, LOOKUP + "?system=http://nope.example&code=1", 404, "The CodeSystem 'http://nope.example' is not known");
		get(cases, CPT_LOOKUP + "&code=99999", 404, "Unknown code '99999'");
		get(cases, CPT_LOOKUP + "&code=77003&version=1999", 404, "has no version '1999'");
		json(cases, "an unknown code by POST", LOOKUP,
				params("{\"name\":\"system\",\"valueUri\":\"" + CPT + "\"},{\"name\":\"code\",\"valueCode\":\"00000\"}"), 404,
				"Unknown code '00000'");
		get(cases, EXPAND + "?url=http://nope.example/ValueSet/x", 404,
				"A definition for the value Set 'http://nope.example/ValueSet/x' could not be found");
		get(cases, EXPAND_ALL + "&valueSetVersion=nope", 404, "all-codes|nope' could not be found");
		get(cases, "/fhir/ValueSet/nope/$expand", 404, "ValueSet/nope is not known");
		get(cases, "/fhir/ValueSet/$validate-code?url=http://nope.example&code=x", 404,
				"A definition for the value Set 'http://nope.example' could not be found");
		get(cases, "/fhir/CodeSystem/nope/$validate-code?code=1", 404, "CodeSystem/nope is not known");
		get(cases, "/fhir/CodeSystem/nope/$subsumes?codeA=1&codeB=2", 404, "CodeSystem/nope is not known");
		get(cases, "/fhir/CodeSystem/$subsumes?system=http://nope.example&codeA=1&codeB=2", 404,
				"The CodeSystem 'http://nope.example' is not known");
		get(cases, "/fhir/CodeSystem/$subsumes?system=" + CPT + "&codeA=77003&codeB=nope", 400, "Unknown code 'nope'");
		get(cases, "/fhir/ConceptMap/nope/$translate?system=" + CPT + "&code=76005", 404, "ConceptMap/nope is not known");
		get(cases, "/fhir/ConceptMap/$translate?url=http://nope.example&system=" + CPT + "&code=76005", 404,
				"The ConceptMap 'http://nope.example' is not known");
		json(cases, "an inline value set over an unknown system", EXPAND,
				params("{\"name\":\"valueSet\",\"resource\":{\"resourceType\":\"ValueSet\","
						+ "\"compose\":{\"include\":[{\"system\":\"http://nope.example\"}]}}}"),
				404, "A definition for CodeSystem 'http://nope.example' could not be found");
		json(cases, "an inline value set including an unknown value set", EXPAND,
				params("{\"name\":\"valueSet\",\"resource\":{\"resourceType\":\"ValueSet\","
						+ "\"compose\":{\"include\":[{\"valueSet\":[\"http://nope.example\"]}]}}}"),
				404, "A definition for the value Set 'http://nope.example' could not be found");
		get(cases, "/fhir/CodeSystem/nope", 404, "CodeSystem/nope is not known");
		get(cases, "/fhir/CodeSystem/cpt/_history/99", 404, "Version \\\"99\\\" is not valid");
		get(cases, "/fhir/CodeSystem/cpt/_history/abc", 404, "Version \\\"abc\\\" is not valid");
		get(cases, "/fhir?_getpages=nope", 410, "Search ID \\\"nope\\\" does not exist");
		get(cases, "/fhir/CodeSystem?foo=bar", 400, "Unknown search parameter \\\"foo\\\"");
		get(cases, "/fhir/CodeSystem?_sort=unknown", 400, "Unknown _sort parameter value");
		get(cases, "/fhir/CodeSystem?_include=garbage", 400, "Invalid _include parameter value");
		get(cases, "/fhir/CodeSystem?_has=x", 400, "Invalid _has parameter syntax");
		get(cases, "/fhir/CodeSystem?_contained=x", 400, "Invalid contained mode");
		get(cases, "/fhir/ValueSet?_text=x", 400, "Fulltext search is not enabled");
	}

	private static void hugeRequests(List<Case> cases) {
		String big = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"code\",\"valueCode\":\""
				+ "A".repeat(2_000_000) + "\"}]}";
		cases.add(new Case("a 2 MB body with a Content-Length", post(LOOKUP, JSON), utf8(big), false, 413,
				"larger than this server accepts"));
		cases.add(new Case("a 2 MB body sent chunked", post(LOOKUP, JSON), utf8(big), true, 413,
				"larger than this server accepts"));
		cases.add(new Case("a Content-Length of 2 MB before any body", post(LOOKUP, JSON) + "\r\nContent-Length: 2000000",
				utf8("{}"), false, 413, "larger than this server accepts"));
		cases.add(new Case("a 19 KB gzip body that expands to 20 MB",
				post(LOOKUP, JSON) + "\r\nContent-Encoding: gzip", gzip(utf8(" ".repeat(20_000_000))), false, 413,
				"larger than this server accepts"));
		cases.add(new Case("a body declared gzip that is not", post(LOOKUP, JSON) + "\r\nContent-Encoding: gzip",
				utf8("{}"), false, 400, "not valid gzip"));
		get(cases, CPT_LOOKUP + "&code=" + "A".repeat(20_000), 400, "header is too large");
		get(cases, "/fhir/CodeSystem/" + "a".repeat(20_000), 400, "header is too large");
		cases.add(new Case("a 20 KB header", "GET /fhir/metadata HTTP/1.1\r\nX-Big: " + "A".repeat(20_000), null, false,
				400, "header is too large"));
		json(cases, "a 900 KB code, within the body limit, is just an unknown code", LOOKUP,
				params("{\"name\":\"system\",\"valueUri\":\"" + CPT + "\"},{\"name\":\"code\",\"valueCode\":\""
						+ "A".repeat(900_000) + "\"}"),
				404, "Unknown code 'AAAA");
	}

	private static void pagingParameters(List<Case> cases) {
		for (String count : List.of("abc", "-1", "1.5", "99999999999", "")) {
			get(cases, "/fhir/CodeSystem?_count=" + count, 400, "The _count parameter must be a whole number");
		}
		get(cases, "/fhir/ChargeItemDefinition?_count=-5&payer=Organization/aetna", 400,
				"The _count parameter must be a whole number");
		get(cases, "/fhir/CodeSystem?_offset=abc", 400, "The _offset parameter must be a whole number");
		get(cases, "/fhir/CodeSystem?_offset=-5", 400, "The _offset parameter must be a whole number");
		get(cases, "/fhir/CodeSystem?_summary=foo", 400, "The _summary parameter must be one of");
		get(cases, "/fhir/CodeSystem?_total=foo", 400, "The _total parameter must be one of");
	}

	private static void mediaTypesAndFormats(List<Case> cases) {
		for (String type : List.of("text/plain", "application/octet-stream", "application/x-yaml", "text/html",
				"multipart/form-data; boundary=x")) {
			cases.add(new Case("a body of " + type, post(LOOKUP, type), utf8("{\"resourceType\":\"Parameters\"}"), false,
					415, "is not supported here"));
		}
		cases.add(new Case("a body without a Content-Type", "POST " + LOOKUP + " HTTP/1.1",
				utf8("{\"resourceType\":\"Parameters\"}"), false, 415, "needs a Content-Type header"));
		cases.add(new Case("a Content-Type that is no media type", post(LOOKUP, "foo"), utf8("{}"), false, 415,
				"is not a valid media type"));
		cases.add(new Case("a Latin-1 charset", post(LOOKUP, JSON + "; charset=ISO-8859-1"), utf8("{}"), false, 415,
				"The charset 'ISO-8859-1' is not supported"));
		cases.add(new Case("a brotli Content-Encoding", post(LOOKUP, JSON) + "\r\nContent-Encoding: br", utf8("{}"), false,
				415, "The Content-Encoding 'br' is not supported"));
		cases.add(new Case("a plain-text resource to create", post("/fhir/CodeSystem", "text/plain"), utf8("x"), false, 415,
				"is not supported here"));
		for (String format : List.of("foo", "application/pdf", "text/plain")) {
			get(cases, "/fhir/metadata?_format=" + format, 406, "The _format '" + format + "' is not supported");
		}
		get(cases, CPT_LOOKUP + "&code=77003&_format=yaml", 406, "The _format 'yaml' is not supported");
	}

	private static void resourceTypesAndIds(List<Case> cases) {
		get(cases, "/fhir/Foo", 404, "Unknown resource type 'Foo'");
		get(cases, "/fhir/Patient/1", 404, "Unknown resource type 'Patient'");
		get(cases, "/fhir/patient", 404, "Unknown resource type 'patient'");
		get(cases, "/fhir/Binary", 404, "Unknown resource type 'Binary'");
		get(cases, "/fhir/Foo/$lookup", 404, "Unknown resource type 'Foo'");
		cases.add(new Case("a form search of an unknown type", post("/fhir/Foo/_search", "application/x-www-form-urlencoded"),
				utf8("a=b"), false, 404, "Unknown resource type 'Foo'"));
		get(cases, "/fhir/CodeSystem/a*b", 404, "CodeSystem/a*b is not known");
		get(cases, "/fhir/CodeSystem/" + "a".repeat(100), 404, "is not known");
		get(cases, "/fhir/CodeSystem/cpt%20x", 404, "CodeSystem/cpt x is not known");
		get(cases, "/fhir/CodeSystem/%3Cscript%3E", 404, "CodeSystem/&lt;script&gt; is not known");
	}

	private static void pathTraversal(List<Case> cases) {
		get(cases, "/fhir/..%2F..%2Fetc%2Fpasswd", 400, "The encoded slash character is not allowed");
		get(cases, "/fhir/CodeSystem/..%2F..%2F..%2Fetc%2Fpasswd", 400, "The encoded slash character is not allowed");
		get(cases, "/fhir/../../etc/passwd", 400, "Invalid URI");
		get(cases, "/fhir/%2e%2e/%2e%2e/etc/passwd", 400, "Invalid URI");
		get(cases, "/fhir/%5c..%5c..%5cetc%5cpasswd", 400, "Invalid URI");
		get(cases, "/fhir/CodeSystem/%00", 400, "Invalid URI");
		get(cases, "/fhir/..\\..\\etc\\passwd", 400, "Invalid character found in the request target");
		get(cases, "/fhir/../etc/passwd", 404, "Nothing is served at");
		get(cases, "/fhir/CodeSystem/..;/..;/etc/passwd", 404, "Nothing is served at");
		get(cases, "/WEB-INF/web.xml", 404, "Nothing is served at /WEB-INF/web.xml");
		get(cases, "/etc/passwd", 404, "Nothing is served at /etc/passwd");
	}

	private static void invalidEncodings(List<Case> cases) {
		for (String bad : List.of("%FF%FE", "%C3%28", "%C0%AF", "%ED%A0%80", "%F8%88%80%80%80")) {
			get(cases, CPT_LOOKUP + "&code=" + bad, 400, "The query string is not valid UTF-8");
		}
		get(cases, CPT_LOOKUP + "&code=%G1", 400, "not followed by two hexadecimal digits");
		get(cases, CPT_LOOKUP + "&code=77003%", 400, "not followed by two hexadecimal digits");
		get(cases, "/fhir/CodeSystem/%FF", 400, "The request is not valid HTTP/1.1");
		cases.add(new Case("a raw 0xFF byte in the path", "GET /fhir/CodeSystem/\u00ff HTTP/1.1", null, false, 400,
				"Invalid character found in the request target"));
		cases.add(new Case("a raw 0xFF byte in the query", "GET /fhir/CodeSystem?url=\u00ff HTTP/1.1", null, false, 400,
				"Invalid character found in the request target"));
		byte[] latin1 = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"code\",\"valueCode\":\"caf\u00e9\"}]}"
			.getBytes(StandardCharsets.ISO_8859_1);
		cases.add(new Case("a Latin-1 body declared UTF-8", post(LOOKUP, JSON), latin1, false, 400,
				"The request body is not valid UTF-8"));
		byte[] cut = utf8("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"code\",\"valueCode\":\"\u00e9");
		cases.add(new Case("a body cut inside a UTF-8 sequence", post(LOOKUP, JSON),
				java.util.Arrays.copyOf(cut, cut.length - 1), false, 400, "The request body is not valid UTF-8"));
		cases.add(new Case("a malformed Content-Length", "POST " + LOOKUP + " HTTP/1.1\r\nContent-Type: " + JSON
				+ "\r\nContent-Length: abc", utf8("{}"), false, 400, "The request is not valid HTTP/1.1"));
		cases.add(new Case("two different Content-Lengths", "POST " + LOOKUP + " HTTP/1.1\r\nContent-Type: " + JSON
				+ "\r\nContent-Length: 2\r\nContent-Length: 3", utf8("{}"), false, 400, "The request is not valid HTTP/1.1"));
		cases.add(new Case("a request line that is not HTTP", "HELLO", null, false, 400, "Invalid character found in method name"));
	}

	private static void methods(List<Case> cases) {
		cases.add(new Case("an unknown HTTP method", "FOO /fhir/metadata HTTP/1.1", null, false, 405,
				"The HTTP method FOO is not supported"));
		cases.add(new Case("TRACE", "TRACE /fhir/metadata HTTP/1.1", null, false, 405, "TRACE method is not allowed"));
		cases.add(new Case("DELETE of the capability statement", "DELETE /fhir/metadata HTTP/1.1", null, false, 405,
				"/metadata request must use HTTP GET"));
		cases.add(new Case("POST of the capability statement", post("/fhir/metadata", JSON),
				utf8("{\"resourceType\":\"Parameters\"}"), false, 405, "/metadata request must use HTTP GET"));
		cases.add(new Case("PUT of a read-only operation", "PUT " + LOOKUP + " HTTP/1.1\r\nContent-Type: " + JSON,
				utf8("{\"resourceType\":\"Parameters\"}"), false, 400, "does not know how to handle PUT operation"));
	}

	/** Requests that once made the server fail (500) or run out of memory, from the hostile probe of issue 15. */
	private static void hostileInput(List<Case> cases) {
		String expandCount = "{\"name\":\"url\",\"valueUri\":\"" + ALL_CODES + "\"},{\"name\":\"count\",\"valueInteger\":";
		json(cases, "a number with a huge exponent", EXPAND, params(expandCount + "1e99999999}"), 400,
				"has a number with an exponent beyond \u00b11000 in 'valueInteger' (1e99999999)");
		json(cases, "a number with a huge negative exponent", EXPAND, params(expandCount + "1E-99999999}"), 400,
				"has a number with an exponent beyond \u00b11000");
		json(cases, "a number of 150 digits", EXPAND, params(expandCount + "1".repeat(150) + "}"), 400,
				"has a number with 150 digits in 'valueInteger'; this server accepts at most 100");
		json(cases, "a huge exponent in a nested resource", EXPAND,
				params("{\"name\":\"valueSet\",\"resource\":{\"resourceType\":\"ValueSet\",\"expansion\":{\"total\":5e5000}}}"),
				400, "exponent beyond");
		json(cases, "a null array element without an extension", EXPAND,
				params("{\"name\":\"valueSet\",\"resource\":{\"resourceType\":\"ValueSet\","
						+ "\"compose\":{\"include\":[{\"valueSet\":[null]}]}}}"),
				400, "has neither a value nor an extension, which FHIR does not allow (rule ele-1)");
		json(cases, "an imported value set given only as an extension", EXPAND,
				params("{\"name\":\"valueSet\",\"resource\":{\"resourceType\":\"ValueSet\","
						+ "\"compose\":{\"include\":[{\"valueSet\":[null],\"_valueSet\":[{\"extension\":"
						+ "[{\"url\":\"http://example.org/note\",\"valueString\":\"x\"}]}]}]}}}"),
				400, "imports a value set (compose.include.valueSet or exclude.valueSet) that has no canonical");
		xml(cases, "an empty canonical element", EXPAND, "<Parameters xmlns=\"http://hl7.org/fhir\"><parameter>"
				+ "<name value=\"valueSet\"/><resource><ValueSet><compose><include><valueSet/></include></compose></ValueSet>"
				+ "</resource></parameter></Parameters>", 400, "rule ele-1");
		json(cases, "a resource given as null", EXPAND, params("{\"name\":\"valueSet\",\"resource\":null}"), 400,
				"gives null as the value of 'resource'");
		json(cases, "a primitive given as null", LOOKUP,
				params("{\"name\":\"system\",\"valueUri\":null},{\"name\":\"code\",\"valueCode\":\"77003\"}"), 400,
				"gives null as the value of 'valueUri'");
		byte[] lookup = gzip(utf8(params("{\"name\":\"system\",\"valueUri\":\"" + CPT
				+ "\"},{\"name\":\"code\",\"valueCode\":\"77003\"}")));
		cases.add(new Case("a gzip body cut short", post(LOOKUP, JSON) + "\r\nContent-Encoding: gzip",
				java.util.Arrays.copyOf(lookup, lookup.length / 2), false, 400, "its gzip stream is cut short or corrupt"));
		for (String form : List.of("url=%", "url=%4", "url=%zz")) {
			cases.add(new Case("a form body " + form, post("/fhir/CodeSystem/_search", "application/x-www-form-urlencoded"),
					utf8(form), false, 400, "The form body is not valid URL encoding"));
		}
		for (String date : List.of("garbage", "2024-01-01", "")) {
			cases.add(new Case("If-Modified-Since: " + date, "GET /fhir/CodeSystem/cpt HTTP/1.1\r\nIf-Modified-Since: " + date,
					null, false, 400, "is not an HTTP date"));
		}
	}

	private static void get(List<Case> cases, String target, int status, String says) {
		String name = "GET " + (target.length() > 120 ? target.substring(0, 120) + "... (" + target.length() + " chars)" : target);
		cases.add(new Case(name, "GET " + target + " HTTP/1.1", null, false, status, says));
	}

	private static void json(List<Case> cases, String name, String target, String body, int status, String says) {
		cases.add(new Case(name + " (JSON)", post(target, JSON), utf8(body), false, status, says));
	}

	private static void xml(List<Case> cases, String name, String target, String body, int status, String says) {
		cases.add(new Case(name + " (XML)", post(target, XML), utf8(body), false, status, says));
	}

	private static String post(String target, String contentType) {
		return "POST " + target + " HTTP/1.1\r\nContent-Type: " + contentType;
	}

	private static String params(String parameters) {
		return "{\"resourceType\":\"Parameters\",\"parameter\":[" + parameters + "]}";
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
			zip.write(bytes);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void isRefusedWithAnOperationOutcomeNamingTheProblem(Case request) {
		RawHttp.Response response = RawHttp.exchange(port, request.head().getBytes(StandardCharsets.ISO_8859_1),
				request.body(), request.chunked());

		assertThat(response.status()).as("status of %s: %s", request, response.body()).isEqualTo(request.status());
		assertThat(response.header("Content-Type")).as("content type").matches("application/fhir\\+(json|xml).*");
		assertThat(response.body()).contains("OperationOutcome").contains(request.says());
		assertThat(response.body()).doesNotContain(INTERNALS);
	}

	@Test
	void theCorpusHoldsAtLeastAHundredRequestsAndExpectsOnlyClientErrors() {
		List<Case> corpus = corpus();
		assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
		assertThat(corpus).allSatisfy(request -> assertThat(request.status()).isBetween(400, 499));
		assertThat(corpus).extracting(Case::name).doesNotHaveDuplicates();
	}

}
