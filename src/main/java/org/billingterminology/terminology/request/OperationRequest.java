package org.billingterminology.terminology.request;

import java.util.List;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.terminology.model.Canonicals;
import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.Hl7Messages;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.stored.Snapshots;
import org.billingterminology.terminology.model.Supplements;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * One operation call, read once: its parameters (typed or not, from the body or the query), the
 * snapshot it is answered from (the stored content with the call's tx-resources laid over it),
 * and, once {@link #answering} says which value set the answer is about, the supplements, version
 * rules and display language that shape the answer. Every operation starts from {@link #of}.
 */
public final class OperationRequest {

	private final OperationInput input;

	/** The stored content with this call's tx-resources. */
	private final Snapshot snapshot;

	private final ValueSet valueSet;

	/** Null until {@link #answering}. */
	private final Supplements supplements;

	private AnswerOptions options;

	private OperationRequest(OperationInput input, Snapshot snapshot, ValueSet valueSet, Supplements supplements,
			AnswerOptions options) {
		this.input = input;
		this.snapshot = snapshot;
		this.valueSet = valueSet;
		this.supplements = supplements;
		this.options = options;
	}

	public static OperationRequest of(RequestDetails request, Snapshots snapshots) {
		OperationInput input = OperationInput.of(request);
		return new OperationRequest(input, snapshots.snapshot().with(input.txResources()), null, null, null);
	}

	/** One validation of a batch: its own parameters over the call's, on the call's snapshot. */
	public OperationRequest overriddenBy(Parameters nested) {
		return new OperationRequest(input.overriddenBy(nested), snapshot, null, null, null);
	}

	/**
	 * This call made ready to answer about one value set, or about code systems alone (null): the
	 * value set's own expansion parameters become defaults and the supplements asked for (by the
	 * call or by the value set) are applied.
	 */
	public OperationRequest answering(ValueSet about) {
		// options first: a malformed version rule is reported before a missing supplement
		AnswerOptions answerOptions = about == null ? null : AnswerOptions.of(input).withDefaultsFrom(about);
		Supplements applied = Supplements.apply(snapshot, input.strings("useSupplement"), about);
		return new OperationRequest(input, snapshot, about, applied, answerOptions);
	}

	/** The snapshot to answer from: with this call's tx-resources, and its supplements once answering. */
	public Snapshot snapshot() {
		return supplements == null ? snapshot : supplements.snapshot();
	}

	/** How the answer is asked for (display language, version rules, flags); built on first use. */
	public AnswerOptions options() {
		if (options == null) {
			options = AnswerOptions.of(input).withDefaultsFrom(valueSet);
		}
		return options;
	}

	/** The supplements applied (url|version), for used-supplement parameters. */
	public List<String> usedSupplements() {
		return supplements == null ? List.of() : supplements.used();
	}

	/** The parameters as sent, for those no typed binding hands over. */
	public OperationInput input() {
		return input;
	}

	/** The value set a $expand or $validate-code names: inline, by id, or by url (and version). */
	public ValueSet valueSet(IdType id, UriType url, StringType version, ValueSet inline) {
		if (inline != null) {
			return inline;
		}
		if (id != null && id.hasIdPart()) {
			return (ValueSet) snapshot.byId("ValueSet", id.getIdPart())
				.orElseThrow(() -> Failures.notFound("ValueSet/" + id.getIdPart() + " is not known"));
		}
		if (url == null || url.isEmpty()) {
			throw new InvalidRequestException("Say which ValueSet: a url, an inline valueSet, or ValueSet/[id]");
		}
		String wanted = Codings.value(version);
		return snapshot.valueSet(url.getValue(), wanted)
			.orElseThrow(() -> Failures.notFound(Hl7Messages.unknownValueSet(Canonicals.of(url.getValue(), wanted))));
	}

}
