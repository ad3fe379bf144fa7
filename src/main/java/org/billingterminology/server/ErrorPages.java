package org.billingterminology.server;

import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.billingterminology.outcome.OperationOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's error page: an error raised outside HAPI (a request refused by a filter,
 * a path that is not under /fhir) is answered as an OperationOutcome too, and never with details
 * of a server fault. A client's bad body that fails in a filter's decoding is a 400, not a fault.
 */
@RestController
class ErrorPages implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

	private final FhirContext fhirContext;

	ErrorPages(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<String> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = code instanceof Integer number ? number : 404;
		String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
		String message;
		String clientFault = clientFault((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
		if (clientFault != null) {
			status = 400;
			message = clientFault;
		}
		else if (status >= 500) {
			String reference = UUID.randomUUID().toString();
			log.error("Internal error {} on {} {}", reference, request.getMethod(), path,
					(Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
			message = "The server could not complete this request (error reference " + reference
					+ "); the problem has been logged";
		}
		else if (status == 404) {
			message = "Nothing is served at " + shorten(path) + "; the FHIR API is under /fhir";
		}
		else {
			Object given = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
			message = given instanceof String text && !text.isBlank() ? ErrorResponses.clean(text) : reason(status);
		}
		boolean xml = OperationOutcomes.wantsXml(request.getHeader("Accept"), request.getParameter("_format"));
		return ResponseEntity.status(status)
			.contentType(MediaType.parseMediaType(xml ? OperationOutcomes.XML : OperationOutcomes.JSON))
			.body(OperationOutcomes.encode(fhirContext, OperationOutcomes.of(status, message), xml));
	}

	/**
	 * Bad input that fails in the body filter's decoding rather than being refused by it: a gzip
	 * stream cut short, a form body with a broken percent-escape. Told apart by where they were
	 * thrown (the JDK's inflater, HAPI's URL decoder), not by their wording.
	 */
	static String clientFault(Throwable error) {
		for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof java.io.IOException && thrownIn(cause, "java.util.zip.")) {
				return "The request body is declared gzip-encoded but its gzip stream is cut short or corrupt";
			}
			if (cause instanceof IllegalArgumentException && thrownIn(cause, "ca.uhn.fhir.util.UrlUtil")) {
				return "The form body is not valid URL encoding: each '%' must be followed by two hexadecimal digits";
			}
		}
		return null;
	}

	private static boolean thrownIn(Throwable error, String classPrefix) {
		StackTraceElement[] frames = error.getStackTrace();
		for (int i = 0; i < Math.min(frames.length, 4); i++) {
			if (frames[i].getClassName().startsWith(classPrefix)) {
				return true;
			}
		}
		return false;
	}

	static String reason(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return known == null ? "HTTP status " + status : known.getReasonPhrase();
	}

	private static String shorten(String path) {
		return path.length() > 200 ? path.substring(0, 200) + "..." : path;
	}

}
