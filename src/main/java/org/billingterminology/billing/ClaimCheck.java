package org.billingterminology.billing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import org.billingterminology.terminology.model.Snapshot;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Claim.ItemComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;

/**
 * Judges each line of one claim by the rules held for its code: the payer-neutral ones and the
 * payer's own. A rule that is false gives a finding; the line's verdict is the most serious
 * verdict among its findings, {@code reportable} when rules were applied and none failed, and
 * {@code no-rules} when no rules are held for the code. A rule that cannot be judged (its value
 * set is gone, it gives no boolean) is said as not checked, never as a failure.
 */
final class ClaimCheck {

	record Finding(String severity, String rule, String verdict, String message, List<Integer> related, String evidence,
			String source) {
	}

	record Line(int index, int sequence, Coding code, String verdict, List<Finding> findings, List<String> notChecked,
			List<String> rulesApplied) {

		boolean hasError() {
			return findings.stream().anyMatch(f -> f.severity().equals("error"));
		}

	}

	private final RuleEngine rules;

	private final List<RuleBook.Charge> charges;

	private final Snapshot snapshot;

	private final int maxExpansion;

	ClaimCheck(RuleEngine rules, List<RuleBook.Charge> charges, Snapshot snapshot, int maxExpansion) {
		this.rules = rules;
		this.charges = charges;
		this.snapshot = snapshot;
		this.maxExpansion = maxExpansion;
	}

	List<Line> judge(ClaimInput.Checked input) {
		FHIRPathEngine engine = rules.engine();
		Claim claim = input.claim();
		List<Line> lines = new ArrayList<>();
		for (int i = 0; i < claim.getItem().size(); i++) {
			lines.add(judge(engine, claim, i, input.payer()));
		}
		return lines;
	}

	private Line judge(FHIRPathEngine engine, Claim claim, int index, String payer) {
		ItemComponent item = claim.getItem().get(index);
		Coding code = item.getProductOrService().getCodingFirstRep();
		Date date = item.getServicedDateType().getValue();
		List<RuleBook.Charge> held = charges.stream()
			.filter(c -> code.getCode().equals(c.code().getCode())
					&& snapshot.canonicalSystem(c.code().getSystem()).equals(code.getSystem()))
			.filter(c -> c.effective() == null || ((!c.effective().hasStart() || !date.before(c.effective().getStart()))
					&& (!c.effective().hasEnd() || !date.after(c.effective().getEnd()))))
			// the payer-neutral rules first, then the payer's own
			.sorted(Comparator.comparing(c -> c.payer() != null))
			.toList();
		List<String> notChecked = new ArrayList<>();
		List<String> applied = new ArrayList<>();
		List<Finding> findings = new ArrayList<>();
		if (held.isEmpty()) {
			return new Line(index, item.getSequence(), code, "no-rules", findings, notChecked, applied);
		}
		if (payer == null) {
			notChecked.add("Payer rules: no payer was given (the payer parameter or Claim.insurer)");
		}
		else if (held.stream().noneMatch(c -> payer.equals(c.payer()))) {
			notChecked.add("Payer rules: none are held for " + payer + " and " + code.getCode());
		}
		LineContext context = LineContext.of(snapshot, claim, item, payer, maxExpansion);
		for (RuleBook.Charge charge : held) {
			if (!charge.forPayer(payer)) {
				continue;
			}
			applied.add(charge.canonical());
			charge.notChecked().forEach(notChecked::add);
			for (BillingRule rule : charge.rules()) {
				if (rule.holdsOn(date)) {
					apply(engine, context, claim, item, charge, rule, findings, notChecked);
				}
			}
		}
		String verdict = findings.stream()
			.map(Finding::verdict)
			.min(Comparator.comparingInt(BillingRule.VERDICTS::indexOf))
			.orElse("reportable");
		return new Line(index, item.getSequence(), code, verdict, findings, notChecked, applied);
	}

	private void apply(FHIRPathEngine engine, LineContext context, Claim claim, ItemComponent item,
			RuleBook.Charge charge, BillingRule rule, List<Finding> findings, List<String> notChecked) {
		String name = charge.url() + "#" + rule.id();
		List<Base> result;
		try {
			result = rules.evaluate(engine, context, claim, item, rule.expression());
		}
		catch (RuntimeException e) {
			notChecked.add(name + ": could not be judged (" + e.getMessage() + ")");
			return;
		}
		if (result.size() != 1 || !result.get(0).isBooleanPrimitive()) {
			notChecked.add(name + ": could not be judged (it gave " + result + ")");
			return;
		}
		if (Boolean.parseBoolean(result.get(0).primitiveValue())) {
			return;
		}
		List<Integer> related = new ArrayList<>();
		if (rule.related() != null) {
			try {
				rules.evaluate(engine, context, claim, item, rule.related()).stream()
					.map(Base::primitiveValue)
					.filter(v -> v != null && v.matches("\\d{1,9}"))
					.map(Integer::valueOf)
					.forEach(related::add);
			}
			catch (RuntimeException e) {
				// the finding stands without its related lines
			}
		}
		findings.add(new Finding(rule.severity(), name, rule.verdict(), rule.message(), related, rule.evidence(),
				rule.source()));
	}

}
