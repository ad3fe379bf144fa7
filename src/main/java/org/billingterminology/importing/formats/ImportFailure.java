package org.billingterminology.importing.formats;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;

/** An uploaded file that is not what its system's layout says: a 422 naming the file and line. Nothing is stored. */
public final class ImportFailure extends UnprocessableEntityException {

	public ImportFailure(String message) {
		super(message + "; nothing was imported");
	}

}
