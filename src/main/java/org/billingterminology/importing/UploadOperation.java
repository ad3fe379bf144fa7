package org.billingterminology.importing;

import java.util.List;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.billingterminology.ServerSettings;
import org.billingterminology.importing.formats.ReleaseFile;
import org.billingterminology.terminology.request.ReplacingOperationProvider;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

import org.springframework.stereotype.Component;

/**
 * {@code CodeSystem/$upload-external-code-system}, as hapi-fhir-cli upload-terminology calls it:
 * {@code system} and one or more {@code file} Attachments. For the administrator only (the
 * operation is not on the read-only list), with its own body limit and deadline.
 */
@Component
class UploadOperation implements ReplacingOperationProvider {

	private final CodeSystemImporter importer;

	private final ServerSettings settings;

	UploadOperation(CodeSystemImporter importer, ServerSettings settings) {
		this.importer = importer;
		this.settings = settings;
	}

	@Operation(name = "$upload-external-code-system", typeName = "CodeSystem", idempotent = false)
	public Parameters upload(@OperationParam(name = "system", typeName = "uri", min = 1) UriType system,
			@OperationParam(name = "file", min = 1, max = OperationParam.MAX_UNLIMITED) List<Attachment> files,
			@OperationParam(name = "version", typeName = "string") StringType version, RequestDetails request) {
		List<ReleaseFile> read = new UploadedFiles(settings.maxImportBody().toBytes(), settings.importDir()).read(files);
		CodeSystemImporter.Imported imported = importer.importFiles(system == null ? null : system.getValue(),
				version == null ? null : version.getValue(), read, request);
		Parameters answer = new Parameters();
		answer.addParameter().setName("conceptCount").setValue(new IntegerType(imported.codeSystem().getConcept().size()));
		answer.addParameter()
			.setName("target")
			.setValue(new Reference("CodeSystem/" + imported.codeSystem().getIdElement().getIdPart() + "/_history/"
					+ imported.versionId()));
		answer.addParameter().setName("system").setValue(new UriType(imported.codeSystem().getUrl()));
		answer.addParameter().setName("version").setValue(new StringType(imported.codeSystem().getVersion()));
		answer.addParameter().setName("changed").setValue(new BooleanType(imported.changed()));
		answer.addParameter().setName("milliseconds").setValue(new IntegerType((int) Math.min(Integer.MAX_VALUE, imported.millis())));
		return answer;
	}

}
