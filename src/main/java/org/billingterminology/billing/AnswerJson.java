package org.billingterminology.billing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Writes the $billing-check answer as compact JSON with Jackson's streaming generator, exactly as
 * HAPI's JsonParser writes it (BillingCheckIT compares the two byte for byte), because HAPI's
 * encoder took two fifths of the operation's time. The Parameters built by {@link BillingAnswer}
 * stay the one source of the answer's content; anything this writer does not know (another
 * format, pretty printing, _summary or _elements, a shape it was not written for) goes to HAPI.
 */
final class AnswerJson {

	private static final JsonFactory JSON = new JsonFactory();

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

	/** The answer as JSON, or null when it holds something this writer was not written for. */
	static byte[] encode(Parameters answer) {
		// straight to UTF-8 bytes: no String to build and encode again, no synchronised StringBuffer
		ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
		try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
			json.writeStartObject();
			json.writeStringField("resourceType", "Parameters");
			parameters(json, "parameter", answer.getParameter());
			json.writeEndObject();
		}
		catch (IOException | UnsupportedOperationException e) {
			return null;
		}
		return out.toByteArray();
	}

	static void write(byte[] bytes, HttpServletResponse response) throws IOException {
		response.setStatus(200);
		response.setContentType(EncodingEnum.JSON.getResourceContentTypeNonLegacy() + ";charset=UTF-8");
		response.setContentLength(bytes.length);
		try (OutputStream body = response.getOutputStream()) {
			body.write(bytes);
		}
	}

	private static void parameters(JsonGenerator json, String field, List<ParametersParameterComponent> parameters)
			throws IOException {
		if (parameters.isEmpty()) {
			return;
		}
		json.writeArrayFieldStart(field);
		for (ParametersParameterComponent parameter : parameters) {
			json.writeStartObject();
			json.writeStringField("name", parameter.getName());
			if (parameter.getValue() != null) {
				value(json, parameter.getValue());
			}
			if (parameter.getResource() != null) {
				if (!(parameter.getResource() instanceof OperationOutcome outcome)) {
					throw new UnsupportedOperationException(parameter.getResource().fhirType());
				}
				json.writeFieldName("resource");
				outcome(json, outcome);
			}
			parameters(json, "part", parameter.getPart());
			json.writeEndObject();
		}
		json.writeEndArray();
	}

	private static void value(JsonGenerator json, Type value) throws IOException {
		String field = "value" + Character.toUpperCase(value.fhirType().charAt(0)) + value.fhirType().substring(1);
		if (value.hasExtension() || (value instanceof PrimitiveType<?> primitive && primitive.hasId())) {
			throw new UnsupportedOperationException("extensions");
		}
		if (value instanceof BooleanType bool) {
			json.writeBooleanField(field, bool.booleanValue());
		}
		else if (value instanceof IntegerType integer) {
			json.writeNumberField(field, integer.getValue());
		}
		else if (value instanceof PrimitiveType<?> primitive && !(value instanceof org.hl7.fhir.r4.model.DecimalType)) {
			json.writeStringField(field, primitive.getValueAsString());
		}
		else if (value instanceof Coding coding) {
			json.writeObjectFieldStart(field);
			string(json, "system", coding.getSystemElement());
			string(json, "version", coding.getVersionElement());
			string(json, "code", coding.getCodeElement());
			string(json, "display", coding.getDisplayElement());
			if (coding.hasUserSelected() || coding.hasExtension() || coding.hasId()) {
				throw new UnsupportedOperationException("coding detail");
			}
			json.writeEndObject();
		}
		else {
			throw new UnsupportedOperationException(value.fhirType());
		}
	}

	private static void outcome(JsonGenerator json, OperationOutcome outcome) throws IOException {
		json.writeStartObject();
		json.writeStringField("resourceType", "OperationOutcome");
		if (outcome.hasIssue()) {
			json.writeArrayFieldStart("issue");
			for (OperationOutcomeIssueComponent issue : outcome.getIssue()) {
				if (issue.hasDiagnostics() || issue.hasLocation() || issue.hasExtension() || issue.getDetails().hasCoding()) {
					throw new UnsupportedOperationException("issue detail");
				}
				json.writeStartObject();
				json.writeStringField("severity", issue.getSeverity().toCode());
				json.writeStringField("code", issue.getCode().toCode());
				if (issue.getDetails().hasText()) {
					json.writeObjectFieldStart("details");
					json.writeStringField("text", issue.getDetails().getText());
					json.writeEndObject();
				}
				if (issue.hasExpression()) {
					json.writeArrayFieldStart("expression");
					for (StringType expression : issue.getExpression()) {
						json.writeString(expression.getValue());
					}
					json.writeEndArray();
				}
				json.writeEndObject();
			}
			json.writeEndArray();
		}
		json.writeEndObject();
	}

	private static void string(JsonGenerator json, String field, PrimitiveType<?> value) throws IOException {
		if (value.hasExtension() || value.hasId()) {
			throw new UnsupportedOperationException(field + " extension");
		}
		if (value.getValueAsString() != null) {
			json.writeStringField(field, value.getValueAsString());
		}
	}

}
