package org.billingterminology.jsonanswers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * A Parameters answer written as the compact JSON HAPI's JsonParser writes for it, with Jackson's
 * streaming generator, because HAPI's encoder took two fifths of a hot operation's time. The
 * Parameters the operation builds stay the one source of the answer's content: this writer knows
 * the shapes the hot operations answer with (parameters and parts; primitives, Coding,
 * CodeableConcept; an OperationOutcome's issues) and gives up, returning null, on anything else
 * (an extension on a primitive, a decimal, an element id, another resource...), which the caller
 * then leaves to HAPI. The comparison tests (BillingCheckShortPathIT, TerminologyShortPathIT)
 * hold the two encoders to the same bytes.
 */
public final class ParametersJson {

	private static final JsonFactory JSON = new JsonFactory();

	private ParametersJson() {
	}

	/** The answer as UTF-8 JSON, or null when it holds something this writer was not written for. */
	public static byte[] encode(Parameters answer) {
		if (answer.hasId() || answer.hasMeta() || answer.hasImplicitRules() || answer.hasLanguage()) {
			return null;
		}
		// straight to UTF-8 bytes: no String to build and encode again
		ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
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

	private static void parameters(JsonGenerator json, String field, List<ParametersParameterComponent> parameters)
			throws IOException {
		if (parameters.isEmpty()) {
			return;
		}
		json.writeArrayFieldStart(field);
		for (ParametersParameterComponent parameter : parameters) {
			plain(parameter);
			json.writeStartObject();
			json.writeStringField("name", parameter.getName());
			if (parameter.getValue() != null) {
				value(json, "value", parameter.getValue());
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

	/** A value[x] (prefix "value"): its field is named by its type, as in valueCoding. */
	private static void value(JsonGenerator json, String prefix, Type value) throws IOException {
		String field = prefix + Character.toUpperCase(value.fhirType().charAt(0)) + value.fhirType().substring(1);
		if (value instanceof PrimitiveType<?> primitive) {
			primitive(json, field, primitive);
		}
		else if (value instanceof Coding coding) {
			json.writeFieldName(field);
			coding(json, coding);
		}
		else if (value instanceof CodeableConcept concept) {
			json.writeFieldName(field);
			codeableConcept(json, concept);
		}
		else {
			throw new UnsupportedOperationException(value.fhirType());
		}
	}

	/** Booleans and integers as JSON literals, every other primitive as a string, as HAPI writes them. */
	private static void primitive(JsonGenerator json, String field, PrimitiveType<?> value) throws IOException {
		plain(value);
		if (value.isEmpty() || value.getValueAsString() == null || value instanceof DecimalType) {
			// HAPI drops an empty primitive, and writes a decimal as its original text: neither is ours to copy
			throw new UnsupportedOperationException(field);
		}
		if (value instanceof BooleanType bool) {
			json.writeBooleanField(field, bool.booleanValue());
		}
		else if (value instanceof IntegerType integer) {
			json.writeNumberField(field, integer.getValue());
		}
		else {
			json.writeStringField(field, value.getValueAsString());
		}
	}

	private static void optional(JsonGenerator json, String field, PrimitiveType<?> value) throws IOException {
		if (value != null && !value.isEmpty()) {
			primitive(json, field, value);
		}
	}

	private static void coding(JsonGenerator json, Coding coding) throws IOException {
		plain(coding);
		if (coding.hasUserSelected()) {
			throw new UnsupportedOperationException("userSelected");
		}
		json.writeStartObject();
		optional(json, "system", coding.getSystemElement());
		optional(json, "version", coding.getVersionElement());
		optional(json, "code", coding.getCodeElement());
		optional(json, "display", coding.getDisplayElement());
		json.writeEndObject();
	}

	private static void codeableConcept(JsonGenerator json, CodeableConcept concept) throws IOException {
		plain(concept);
		json.writeStartObject();
		if (concept.hasCoding()) {
			json.writeArrayFieldStart("coding");
			for (Coding coding : concept.getCoding()) {
				coding(json, coding);
			}
			json.writeEndArray();
		}
		optional(json, "text", concept.getTextElement());
		json.writeEndObject();
	}

	private static void outcome(JsonGenerator json, OperationOutcome outcome) throws IOException {
		if (outcome.hasId() || outcome.hasMeta() || outcome.hasText() || outcome.hasContained() || outcome.hasExtension()
				|| outcome.hasModifierExtension() || outcome.hasLanguage() || outcome.hasImplicitRules()) {
			throw new UnsupportedOperationException("outcome detail");
		}
		json.writeStartObject();
		json.writeStringField("resourceType", "OperationOutcome");
		if (outcome.hasIssue()) {
			json.writeArrayFieldStart("issue");
			for (OperationOutcomeIssueComponent issue : outcome.getIssue()) {
				issue(json, issue);
			}
			json.writeEndArray();
		}
		json.writeEndObject();
	}

	private static void issue(JsonGenerator json, OperationOutcomeIssueComponent issue) throws IOException {
		if (issue.hasId() || issue.hasModifierExtension()) {
			throw new UnsupportedOperationException("issue id");
		}
		json.writeStartObject();
		if (issue.hasExtension()) {
			json.writeArrayFieldStart("extension");
			for (Extension extension : issue.getExtension()) {
				plain(extension);
				json.writeStartObject();
				json.writeStringField("url", extension.getUrl());
				if (extension.getValue() != null) {
					value(json, "value", extension.getValue());
				}
				json.writeEndObject();
			}
			json.writeEndArray();
		}
		optional(json, "severity", issue.getSeverityElement());
		optional(json, "code", issue.getCodeElement());
		if (issue.hasDetails()) {
			json.writeFieldName("details");
			codeableConcept(json, issue.getDetails());
		}
		optional(json, "diagnostics", issue.getDiagnosticsElement());
		strings(json, "location", issue.getLocation());
		strings(json, "expression", issue.getExpression());
		json.writeEndObject();
	}

	private static void strings(JsonGenerator json, String field, List<StringType> values) throws IOException {
		if (values.isEmpty()) {
			return;
		}
		json.writeArrayFieldStart(field);
		for (StringType value : values) {
			plain(value);
			if (value.getValue() == null) {
				throw new UnsupportedOperationException(field);
			}
			json.writeString(value.getValue());
		}
		json.writeEndArray();
	}

	/** An element id or extension is HAPI's to write (as "_field" for a primitive). */
	private static void plain(Element element) {
		if (element.hasId() || element.hasExtension()) {
			throw new UnsupportedOperationException("element id or extension");
		}
	}

	private static void plain(ParametersParameterComponent parameter) {
		if (parameter.hasId() || parameter.hasExtension() || parameter.hasModifierExtension()) {
			throw new UnsupportedOperationException("parameter id or extension");
		}
	}

}
