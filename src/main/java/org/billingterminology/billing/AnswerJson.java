package org.billingterminology.billing;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import org.billingterminology.jsonanswers.ParametersJson;

/**
 * Writes the $billing-check answer with {@link ParametersJson}, exactly as HAPI's JsonParser writes
 * it (BillingCheckIT compares the two byte for byte). The Parameters built by {@link BillingAnswer}
 * stay the one source of the answer's content; anything the writer does not know (another format,
 * pretty printing, _summary or _elements, a shape it was not written for) goes to HAPI.
 */
final class AnswerJson {

	private AnswerJson() {
	}

	/** Whether HAPI would answer this request with plain, compact, whole JSON. */
	static boolean applies(ServletRequestDetails request) {
		RestfulServerUtils.ResponseEncoding encoding = RestfulServerUtils.determineResponseEncodingNoDefault(request,
				EncodingEnum.JSON);
		String accept = request.getHeader("Accept");
		return (encoding == null || encoding.getEncoding() == EncodingEnum.JSON)
				&& !RestfulServerUtils.prettyPrintResponse(request.getServer(), request)
				&& !request.getParameters().containsKey("_summary") && !request.getParameters().containsKey("_elements")
				&& (accept == null || !accept.toLowerCase(Locale.ROOT).contains("html"));
	}

	static void write(byte[] bytes, HttpServletResponse response) throws IOException {
		response.setStatus(200);
		response.setContentType(EncodingEnum.JSON.getResourceContentTypeNonLegacy() + ";charset=UTF-8");
		response.setContentLength(bytes.length);
		try (OutputStream body = response.getOutputStream()) {
			body.write(bytes);
		}
	}

}
