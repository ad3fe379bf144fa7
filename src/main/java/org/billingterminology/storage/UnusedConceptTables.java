package org.billingterminology.storage;

import java.util.List;

import ca.uhn.fhir.jpa.entity.TermCodeSystemVersion;
import ca.uhn.fhir.jpa.entity.TermConcept;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.term.UploadStatistics;
import ca.uhn.fhir.jpa.term.api.ITermCodeSystemStorageSvc;
import ca.uhn.fhir.jpa.term.custom.CustomTerminologySet;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.NotImplementedOperationException;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Stands in for HAPI's concept storage. HAPI copies every concept of a stored complete CodeSystem
 * into its own terminology tables, deferred, in the background; this server answers terminology
 * from its own model of the stored resources and never reads those tables, so for a 100,000-concept
 * import that copy would be minutes of work and gigabytes of rows for nothing. HAPI's delta
 * operations, which edit only those tables, are not offered. Not final: HAPI marks the interface
 * transactional, so Spring proxies it by subclassing.
 */
class UnusedConceptTables implements ITermCodeSystemStorageSvc {

	@Override
	public void storeNewCodeSystemVersionIfNeeded(CodeSystem codeSystem, ResourceTable entity, RequestDetails request) {
		// the stored CodeSystem resource itself is what the terminology model reads
	}

	@Override
	public void storeNewCodeSystemVersion(String systemResourcePid, String systemUri, String systemName,
			TermCodeSystemVersion version, ResourceTable codeSystemResourceTable, RequestDetails request) {
		throw notOffered();
	}

	@Override
	public IIdType storeNewCodeSystemVersion(CodeSystem codeSystem, TermCodeSystemVersion version,
			RequestDetails request, List<ValueSet> valueSets, List<ConceptMap> conceptMaps) {
		throw notOffered();
	}

	@Override
	public UploadStatistics applyDeltaCodeSystemsAdd(String system, CustomTerminologySet additions) {
		throw notOffered();
	}

	@Override
	public UploadStatistics applyDeltaCodeSystemsRemove(String system, CustomTerminologySet removals) {
		throw notOffered();
	}

	@Override
	public int saveConcept(TermConcept concept) {
		throw notOffered();
	}

	private static NotImplementedOperationException notOffered() {
		return new NotImplementedOperationException("HAPI's terminology tables are not used by this server: import code"
				+ " systems with CodeSystem/$upload-external-code-system or store CodeSystem resources");
	}

}
