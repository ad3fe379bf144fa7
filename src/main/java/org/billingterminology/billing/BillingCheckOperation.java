package org.billingterminology.billing;

import java.io.IOException;
import java.time.LocalDate;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.billingterminology.jsonanswers.ParametersJson;
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
 * only reads: anyone may call it, like $validate-code. A plain JSON POST is answered before it
 * reaches HAPI, by {@link BillingCheckShortPath}, with the same {@link #answer}.
 */
@Component
class BillingCheckOperation implements ReplacingOperationProvider {

	static final String DEFINITION = "http://fhir.billing-terminology.org/OperationDefinition/Claim-billing-check";

	private final RuleEngine rules;

	private final RuleBook book;

	private final Snapshots snapshots;

	private final ServerSettings settings;

	private final Counter throughHapi;

	private final Counter shortPath;

	BillingCheckOperation(RuleEngine rules, RuleBook book, Snapshots snapshots, ServerSettings settings,
			MeterRegistry meters) {
		this.rules = rules;
		this.book = book;
		this.snapshots = snapshots;
		this.settings = settings;
		this.throughHapi = answers(meters, "hapi");
		this.shortPath = answers(meters, "short");
	}

	private static Counter answers(MeterRegistry meters, String path) {
		return Counter.builder("billing.checks")
			.description("Claim/$billing-check answers, by the way they were computed")
			.tag("path", path)
			.register(meters);
	}

	/** The typed parameters are for HAPI's documentation of the operation; the body is read whole. */
	@Operation(name = "$billing-check", typeName = "Claim", idempotent = false, manualResponse = true,
			// the definition the CapabilityStatement names; HAPI also resolves it to this binding (OpenAPI)
			canonicalUrl = "http://fhir.billing-terminology.org/OperationDefinition/Claim-billing-check")
	public void billingCheck(@OperationParam(name = "claim", typeName = "Claim", max = 1) Claim claim,
			@OperationParam(name = "payer", typeName = "Reference", max = 1) Reference payer,
			@OperationParam(name = "date", typeName = "date", max = 1) DateType date, ServletRequestDetails request)
			throws IOException {
		if (!(request.getResource() instanceof Parameters parameters)) {
			throw new InvalidRequestException("POST a Parameters resource with a claim, or with line parameters");
		}
		Parameters answer = answer(parameters);
		throughHapi.increment();
		byte[] json = AnswerJson.applies(request) ? ParametersJson.encode(answer) : null;
		if (json != null) {
			AnswerJson.write(json, request.getServletResponse());
		}
		else {
			RestfulServerUtils.streamResponseAsResource(request.getServer(), answer,
					RestfulServerUtils.determineSummaryMode(request), 200, false, request.isRespondGzip(), request);
		}
	}

	/** The answer to a request's Parameters, on the snapshot of the moment; bad input is a 400. */
	Parameters answer(Parameters parameters) {
		Snapshot snapshot = snapshots.snapshot();
		ClaimInput.Checked input = ClaimInput.read(parameters, snapshot, LocalDate.now().toString());
		ClaimCheck check = new ClaimCheck(rules, book.charges(), snapshot, settings.maxExpansionSize());
		return BillingAnswer.of(check.judge(input), input.notes());
	}

	void answeredOnTheShortPath() {
		shortPath.increment();
	}

}
