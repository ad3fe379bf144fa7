package org.billingterminology.billing;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.billingterminology.terminology.stored.Snapshots;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.ChargeItemDefinition;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.UsageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The billing rules of every stored active ChargeItemDefinition, parsed once and read again
 * after any committed change (the same signal that rebuilds the terminology model).
 */
@Component
class RuleBook {

	private static final Logger log = LoggerFactory.getLogger(RuleBook.class);

	/** One ChargeItemDefinition's rules: for one code, for every payer or for one. */
	record Charge(String canonical, String url, Coding code, String payer, List<String> partOf, Period effective,
			List<BillingRule> rules, List<String> notChecked) {

		boolean forPayer(String reference) {
			return payer == null || payer.equals(reference);
		}

	}

	private record Built(long generation, List<Charge> charges) {
	}

	private final DaoRegistry daoRegistry;

	private final Snapshots snapshots;

	private final RuleEngine engine;

	private volatile Built built;

	RuleBook(DaoRegistry daoRegistry, Snapshots snapshots, RuleEngine engine) {
		this.daoRegistry = daoRegistry;
		this.snapshots = snapshots;
		this.engine = engine;
	}

	List<Charge> charges() {
		long generation = snapshots.contentGeneration();
		Built current = built;
		if (current == null || current.generation() != generation) {
			synchronized (this) {
				if (built == null || built.generation() != generation) {
					built = new Built(generation, read());
				}
				current = built;
			}
		}
		return current.charges();
	}

	private List<Charge> read() {
		SearchParameterMap all = SearchParameterMap.newSynchronous();
		all.setLoadSynchronousUpTo(10_000);
		FHIRPathEngine parser = engine.engine();
		List<Charge> charges = new ArrayList<>();
		for (var resource : daoRegistry.getResourceDao("ChargeItemDefinition").search(all, new SystemRequestDetails())
			.getAllResources()) {
			ChargeItemDefinition definition = (ChargeItemDefinition) resource;
			if (definition.getStatus() != PublicationStatus.ACTIVE || !definition.getCode().hasCoding()) {
				continue;
			}
			try {
				charges.add(charge(definition, parser));
			}
			catch (BaseServerResponseException e) {
				// stored before its rules were checked (an older version of this server): left out, said once
				log.warn("ChargeItemDefinition/{} is left out of billing checks: {}", definition.getIdPart(), e.getMessage());
			}
		}
		return List.copyOf(charges);
	}

	private static Charge charge(ChargeItemDefinition definition, FHIRPathEngine parser) {
		String payer = definition.getUseContext().stream()
			.filter(UsageContext::hasValueReference)
			.map(context -> context.getValueReference().getReferenceElement().toUnqualifiedVersionless().getValue())
			.findFirst()
			.orElse(null);
		return new Charge(definition.getUrl() + (definition.hasVersion() ? "|" + definition.getVersion() : ""),
				definition.getUrl(), definition.getCode().getCodingFirstRep(), payer,
				definition.getPartOf().stream().map(p -> p.getValue()).toList(),
				definition.hasEffectivePeriod() ? definition.getEffectivePeriod() : null,
				BillingRule.of(definition, parser),
				definition.getExtensionsByUrl(BillingRule.NOT_CHECKED).stream().map(Extension::getValue)
					.map(v -> v.primitiveValue()).toList());
	}

}
