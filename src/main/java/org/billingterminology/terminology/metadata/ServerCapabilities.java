package org.billingterminology.terminology.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.stored.Snapshots;
import org.billingterminology.terminology.valueset.ConceptFilters;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.PropertyComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.TerminologyCapabilities;
import org.hl7.fhir.r4.model.TerminologyCapabilities.CapabilityStatementKind;
import org.hl7.fhir.r4.model.TerminologyCapabilities.CodeSearchSupport;
import org.hl7.fhir.r4.model.TerminologyCapabilities.TerminologyCapabilitiesCodeSystemComponent;
import org.hl7.fhir.r4.model.TerminologyCapabilities.TerminologyCapabilitiesCodeSystemVersionComponent;
import org.hl7.fhir.r4.model.TerminologyCapabilities.TerminologyCapabilitiesExpansionComponent;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * What this server tells clients about itself. The CapabilityStatement HAPI generates gains what
 * terminology clients look for: the terminology-server profile, the HL7 OperationDefinition of each
 * operation, and the ecosystem feature flags that are true of this server. {@code
 * metadata?mode=terminology} answers a TerminologyCapabilities built from the model (HAPI would
 * answer a CapabilityStatement, hapi-fhir issue 3573).
 */
@Component
@Interceptor
public class ServerCapabilities {

	static final String TERMINOLOGY_SERVER = "http://hl7.org/fhir/CapabilityStatement/terminology-server";

	static final String FEATURE = "http://hl7.org/fhir/uv/application-feature/StructureDefinition/feature";

	static final String TEST_VERSION = "http://hl7.org/fhir/uv/tx-tests/FeatureDefinition/test-version";

	/**
	 * The release of HL7's terminology ecosystem tests that ../shared/tx-tests holds (commit 888e84dd
	 * of HL7/fhir-tx-ecosystem-ig, IG version 1.9.3; its history.json says "1.90", a typo).
	 */
	static final String TESTS_PASSED = "1.9.3";

	static final String CODE_SYSTEM_AS_PARAMETER = "http://hl7.org/fhir/uv/tx-ecosystem/FeatureDefinition/CodeSystemAsParameter";

	/**
	 * The $expand parameters we honour (also the TerminologyCapabilities list). excludeNested=true
	 * flattens an expansion that would otherwise be nested as its code system's hierarchy.
	 */
	static final List<String> EXPANSION_PARAMETERS = List.of("activeOnly", "check-system-version", "count",
			"displayLanguage", "excludeNested", "filter", "force-system-version", "includeDefinition",
			"includeDesignations", "offset", "property", "system-version", "tx-resource", "url", "valueSet",
			"valueSetVersion");

	/** The OperationDefinition for each operation we answer (HL7's, or our own), keyed by type + name. */
	private static final Map<String, String> DEFINITIONS = Map.of(
			"CodeSystem/lookup", "http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup",
			"CodeSystem/validate-code", "http://hl7.org/fhir/OperationDefinition/CodeSystem-validate-code",
			"CodeSystem/subsumes", "http://hl7.org/fhir/OperationDefinition/CodeSystem-subsumes",
			"ValueSet/expand", "http://hl7.org/fhir/OperationDefinition/ValueSet-expand",
			"ValueSet/validate-code", "http://hl7.org/fhir/OperationDefinition/ValueSet-validate-code",
			"ConceptMap/translate", "http://hl7.org/fhir/OperationDefinition/ConceptMap-translate",
			"/versions", "http://hl7.org/fhir/OperationDefinition/CapabilityStatement-versions",
			// ours, shipped in the content and readable at OperationDefinition/Claim-billing-check
			"Claim/billing-check", "http://fhir.billing-terminology.org/OperationDefinition/Claim-billing-check");

	private final Snapshots snapshots;

	/** When this build was made (Spring Boot's build-info), as software.releaseDate; null without it. */
	private final Date releaseDate;

	ServerCapabilities(Snapshots snapshots, ObjectProvider<BuildProperties> build) {
		this.snapshots = snapshots;
		BuildProperties properties = build.getIfAvailable();
		this.releaseDate = properties == null || properties.getTime() == null ? null : Date.from(properties.getTime());
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void amendCapabilityStatement(IBaseConformance generated) {
		if (!(generated instanceof CapabilityStatement statement)) {
			return;
		}
		if (releaseDate != null) {
			statement.getSoftware().setReleaseDate(releaseDate);
		}
		// the fields HL7's tests and validator read: an identity of this server, not HAPI's defaults
		if (statement.getImplementation().hasUrl()) {
			statement.setUrl(statement.getImplementation().getUrl() + "/metadata");
		}
		statement.setVersion(softwareVersion());
		statement.setName("BillingTerminologyServer");
		statement.setTitle("Billing Terminology Server");
		statement.setPublisher("billing-terminology-server project");
		statement.setDescription("FHIR R4 terminology server for procedure billing codes (CPT 77003, its modifiers, HCPCS)"
				+ " with Claim/$billing-check");
		statement.getImplementation().setDescription("Billing terminology server");
		if (statement.getInstantiates().stream().noneMatch(c -> TERMINOLOGY_SERVER.equals(c.getValue()))) {
			statement.addInstantiates(TERMINOLOGY_SERVER);
		}
		// Claimed because every test of that release passes but one proven broken upstream (README,
		// Conformance); HL7's validator refuses a terminology server without it.
		Extension tested = statement.addExtension().setUrl(FEATURE);
		tested.addExtension("definition", new CanonicalType(TEST_VERSION));
		tested.addExtension("value", new CodeType(TESTS_PASSED));
		Extension feature = statement.addExtension().setUrl(FEATURE);
		feature.addExtension("definition", new CanonicalType(CODE_SYSTEM_AS_PARAMETER));
		feature.addExtension("value", new BooleanType(true));
		for (CapabilityStatementRestComponent rest : statement.getRest()) {
			rest.getResource().forEach(resource -> resource.getOperation()
				.forEach(operation -> useHl7Definition(resource.getType(), operation)));
			rest.getOperation().forEach(operation -> useHl7Definition("", operation));
		}
	}

	private static void useHl7Definition(String type, CapabilityStatementRestResourceOperationComponent operation) {
		String definition = DEFINITIONS.get(type + "/" + operation.getName());
		if (definition != null) {
			operation.setDefinition(definition);
		}
	}

	/** Answers {@code GET metadata?mode=terminology}; every other request goes on to HAPI. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean answerTerminologyCapabilities(RequestDetails request) {
		if (request.getRestOperationType() != RestOperationTypeEnum.METADATA
				|| request.getRequestType() != RequestTypeEnum.GET || !isTerminologyMode(request)) {
			return true;
		}
		try {
			RestfulServerUtils.streamResponseAsResource(request.getServer(), capabilities(request.getFhirServerBase()),
					Collections.singleton(SummaryEnum.FALSE), 200, false, request.isRespondGzip(), request);
		}
		catch (java.io.IOException e) {
			throw new InternalErrorException("The TerminologyCapabilities could not be written", e);
		}
		return false;
	}

	private static boolean isTerminologyMode(RequestDetails request) {
		String[] mode = request.getParameters().get("mode");
		return mode != null && mode.length > 0 && "terminology".equals(mode[0]);
	}

	TerminologyCapabilities capabilities(String base) {
		TerminologyCapabilities capabilities = new TerminologyCapabilities();
		capabilities.setUrl(base + "/metadata?mode=terminology");
		capabilities.setVersion(softwareVersion());
		capabilities.setName("BillingTerminologyServerCapabilities");
		capabilities.setTitle("Billing Terminology Server terminology capabilities");
		capabilities.setStatus(PublicationStatus.ACTIVE);
		capabilities.setDate(new Date());
		capabilities.setKind(CapabilityStatementKind.INSTANCE);
		capabilities.getSoftware().setName("billing-terminology-server").setVersion(softwareVersion());
		capabilities.getImplementation().setDescription("Billing terminology server").setUrl(base);
		capabilities.setLockedDate(false);
		Snapshot snapshot = snapshots.snapshot();
		List<String> urls = new ArrayList<>();
		snapshot.codeSystems().forEach(versions -> urls.add(versions.get(0).url()));
		Collections.sort(urls);
		for (String url : urls) {
			capabilities.addCodeSystem(codeSystem(snapshot, url));
		}
		TerminologyCapabilitiesExpansionComponent expansion = capabilities.getExpansion();
		expansion.setHierarchical(true).setPaging(true).setIncomplete(false);
		new TreeSet<>(EXPANSION_PARAMETERS).forEach(name -> expansion.addParameter().setName(name));
		expansion.setTextFilter("Each word of the filter must start a word of the display, or the filter must start the code");
		// ValueSet?code= finds value sets that list a code in compose, not those that hold it through a filter
		capabilities.setCodeSearch(CodeSearchSupport.EXPLICIT);
		capabilities.getValidateCode().setTranslations(false);
		capabilities.getTranslation().setNeedsMap(true);
		capabilities.getClosure().setTranslation(false);
		return capabilities;
	}

	private static TerminologyCapabilitiesCodeSystemComponent codeSystem(Snapshot snapshot, String url) {
		TerminologyCapabilitiesCodeSystemComponent entry = new TerminologyCapabilitiesCodeSystemComponent().setUri(url);
		entry.setSubsumption(true);
		boolean first = true;
		for (CodeSystemIndex index : snapshot.codeSystems(url)) {
			TerminologyCapabilitiesCodeSystemVersionComponent version = entry.addVersion();
			if (index.version() != null) {
				version.setCode(index.version());
			}
			version.setIsDefault(first);
			version.setCompositional(index.supportsModifierExpressions());
			languages(index).forEach(version::addLanguage);
			for (String op : ConceptFilters.CODE_OPERATORS) {
				version.addFilter().setCode("concept").addOp(op);
			}
			for (PropertyComponent property : index.resource().getProperty()) {
				version.addProperty(property.getCode());
				version.addFilter().setCode(property.getCode()).addOp("=").addOp("in").addOp("not-in").addOp("regex")
					.addOp("exists");
			}
			first = false;
		}
		return entry;
	}

	private static Set<String> languages(CodeSystemIndex index) {
		Set<String> languages = new LinkedHashSet<>();
		if (index.resource().hasLanguage()) {
			languages.add(index.resource().getLanguage());
		}
		for (ConceptDefinitionComponent concept : index.concepts()) {
			concept.getDesignation().stream().filter(d -> d.hasLanguage()).forEach(d -> languages.add(d.getLanguage()));
		}
		return languages;
	}

	static String softwareVersion() {
		String version = ServerCapabilities.class.getPackage().getImplementationVersion();
		return version != null ? version : "development";
	}

}
