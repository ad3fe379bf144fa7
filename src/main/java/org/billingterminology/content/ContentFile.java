package org.billingterminology.content;

import java.nio.file.Path;

import org.hl7.fhir.r4.model.Resource;

/** One resource of the content folder and the file it came from. */
record ContentFile(Path path, Resource resource) {

	String type() {
		return resource.fhirType();
	}

	String id() {
		return resource.getIdElement().getIdPart();
	}

	String name() {
		return path.getFileName().toString();
	}

}
