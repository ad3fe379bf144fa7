package org.billingterminology.billing;

import java.time.LocalDate;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.ServerSettings;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.request.ReplacingOperationProvider;
import org.billingterminology.terminology.stored.Snapshots;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;

import org.springframework.stereotype.Component;

/**
 * {@code POST [base]/Claim/$billing-check}: whether each line of a claim is reportable as coded,
 * for its payer, and why (OperationDefinition/Claim-billing-check, shipped in the content). It
 * only reads: anyone may call it, like $validate-code.
 */
@Component
class BillingCheckOperation implements ReplacingOperationProvider {

	static final String DEFINITION = "http://fhir.billing-terminology.org/OperationDefinition/Claim-billing-check";

	private final RuleEngine rules;

	private final RuleBook book;

	private final Snapshots snapshots;

	private final ServerSettings settings;

	BillingCheckOperation(RuleEngine rules, RuleBook book, Snapshots snapshots, ServerSettings settings) {
		this.rules = rules;
		this.book = book;
		this.snapshots = snapshots;
		this.settings = settings;
	}

	@Operation(name = "$billing-check", typeName = "Claim", idempotent = false)
	public Parameters billingCheck(@OperationParam(name = "claim", typeName = "Claim", max = 1) Claim claim,
			@OperationParam(name = "payer", typeName = "Reference", max = 1) Reference payer,
			@OperationParam(name = "date", typeName = "date", max = 1) DateType date, RequestDetails request) {
		if (!(request.getResource() instanceof Parameters parameters)) {
			throw new InvalidRequestException("POST a Parameters resource with a claim, or with line parameters");
		}
		Snapshot snapshot = snapshots.snapshot();
		ClaimInput.Checked input = ClaimInput.read(parameters, snapshot, LocalDate.now().toString());
		ClaimCheck check = new ClaimCheck(rules, book.charges(), snapshot, settings.maxExpansionSize());
		return BillingAnswer.of(check.judge(input), input.notes());
	}

}
