package org.billingterminology.server;

import java.io.IOException;
import java.io.PrintWriter;

import ca.uhn.fhir.context.FhirContext;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.billingterminology.http.SecurityHeaders;
import org.billingterminology.outcome.OperationOutcomes;

/**
 * Tomcat answers some requests before any servlet sees them: a header or URL over the size
 * limit, an encoded slash in the path, a malformed request line. Its stock error report is an
 * HTML page; this one is an OperationOutcome, with the same security headers as every other
 * response.
 */
class TomcatErrorReports extends ErrorReportValve {

	private final FhirContext fhirContext;

	private final long maxHeaderSize;

	TomcatErrorReports(FhirContext fhirContext, long maxHeaderSize) {
		this.fhirContext = fhirContext;
		this.maxHeaderSize = maxHeaderSize;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// only an error nobody has answered yet, and only once
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		// 501 and 505 are Tomcat's answers to a method or protocol version it does not implement:
		// the client's doing, and worth naming; any other 5xx may hide a fault, so it says nothing
		boolean fault = status >= 500 && status != 501 && status != 505;
		String message = fault ? "The server could not complete this request" : message(response, throwable);
		boolean xml = OperationOutcomes.wantsXml(request.getHeader("Accept"), null);
		try {
			response.setContentType(xml ? OperationOutcomes.XML : OperationOutcomes.JSON);
			SecurityHeaders.addTo(response);
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(OperationOutcomes.encode(fhirContext, OperationOutcomes.of(status, message), xml));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException e) {
			// the connection is gone or the response was committed meanwhile: nothing more to say
		}
	}

	/** Tomcat's own words for a request it could not parse; they name the problem and hold no internals. */
	private String message(Response response, Throwable throwable) {
		String message = response.getMessage();
		if ((message == null || message.isBlank()) && throwable instanceof IllegalArgumentException) {
			message = throwable.getMessage();
			if (message != null && message.contains("header is too large")) {
				message += " (the request line and headers together may be at most " + maxHeaderSize + " bytes)";
			}
		}
		if (message != null && !message.isBlank()) {
			return ErrorResponses.clean(message);
		}
		// Tomcat gives no reason for some refusals (a bad Content-Length, no Host, a path that is
		// not UTF-8 once decoded); say at least where the problem is
		return response.getStatus() == 400
				? "The request is not valid HTTP/1.1: its request line, headers or URL encoding could not be read"
				: ErrorPages.reason(response.getStatus());
	}

}
