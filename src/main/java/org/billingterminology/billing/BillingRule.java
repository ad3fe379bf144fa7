package org.billingterminology.billing;

import java.util.Date;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.ChargeItemDefinition;
import org.hl7.fhir.r4.model.ChargeItemDefinition.ChargeItemDefinitionApplicabilityComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;

/**
 * One billing rule: an {@code applicability} of a ChargeItemDefinition whose FHIRPath expression is
 * true when a claim line is billable as coded, with its metadata in our {@value #RULE} extension
 * (documented in the README's rule format): what a false result means ({@code verdict},
 * {@code severity}, {@code message}), how sure the fact is ({@code evidence}), where it comes from
 * ({@code source}), the dates of service it holds for ({@code period}) and, optionally, an
 * expression naming the other lines involved ({@code related}).
 */
record BillingRule(String id, String description, ExpressionNode expression, String severity, String verdict,
		String message, String evidence, String source, Period period, ExpressionNode related) {

	static final String RULE = "http://fhir.billing-terminology.org/StructureDefinition/billing-rule";

	/** On a ChargeItemDefinition: something its rules do not check, e.g. "MUE for 77003: data not available". */
	static final String NOT_CHECKED = "http://fhir.billing-terminology.org/StructureDefinition/billing-not-checked";

	static final List<String> SEVERITIES = List.of("error", "warning", "information");

	/** The verdicts a rule may give, most serious first: a line gets the first one among its failed rules. */
	static final List<String> VERDICTS = List.of("not-reportable-as-coded", "not-separately-reportable",
			"not-reportable-alone", "review");

	static final List<String> EVIDENCE = List.of("confirmed", "partly-confirmed");

	/** The rules of one ChargeItemDefinition, parsed; a rule that is not well formed is a 422 naming it. */
	static List<BillingRule> of(ChargeItemDefinition definition, FHIRPathEngine engine) {
		return definition.getApplicability().stream().map(a -> parse(definition, a, engine)).toList();
	}

	private static BillingRule parse(ChargeItemDefinition definition, ChargeItemDefinitionApplicabilityComponent rule,
			FHIRPathEngine engine) {
		String where = "ChargeItemDefinition/" + definition.getIdElement().getIdPart() + " applicability "
				+ (rule.hasId() ? "'" + rule.getId() + "'" : "without an id");
		if (!rule.hasId()) {
			throw refused(where, "every rule needs a stable element id");
		}
		if (!"text/fhirpath".equals(rule.getLanguage()) || !rule.hasExpression()) {
			throw refused(where, "needs language text/fhirpath and an expression (unconfirmed notes belong in the description)");
		}
		Extension meta = rule.getExtensionByUrl(RULE);
		if (meta == null) {
			throw refused(where, "has no " + RULE + " extension");
		}
		String severity = code(meta, "severity", SEVERITIES, where);
		String verdict = code(meta, "verdict", VERDICTS, where);
		String evidence = code(meta, "evidence", EVIDENCE, where);
		String message = text(meta, "message").orElseThrow(() -> refused(where, "needs a message"));
		String source = text(meta, "source").orElseThrow(() -> refused(where, "needs a source"));
		Period period = meta.getExtensionByUrl("period") == null ? null
				: (Period) meta.getExtensionByUrl("period").getValue();
		return new BillingRule(rule.getId(), rule.getDescription(), parsed(engine, rule.getExpression(), where),
				severity, verdict, message, evidence, source, period,
				text(meta, "related").map(e -> parsed(engine, e, where + " (related)")).orElse(null));
	}

	/** Whether the rule holds on a date of service (no period: always). */
	boolean holdsOn(Date dateOfService) {
		return period == null || ((!period.hasStart() || !dateOfService.before(period.getStart()))
				&& (!period.hasEnd() || !dateOfService.after(period.getEnd())));
	}

	private static ExpressionNode parsed(FHIRPathEngine engine, String expression, String where) {
		try {
			return engine.parse(expression);
		}
		catch (RuntimeException e) {
			throw refused(where, "has an expression that does not parse: " + e.getMessage());
		}
	}

	private static String code(Extension meta, String name, List<String> allowed, String where) {
		String value = text(meta, name).orElse(null);
		if (value == null || !allowed.contains(value)) {
			throw refused(where, "needs " + name + " one of " + allowed + "; got " + value);
		}
		return value;
	}

	private static Optional<String> text(Extension meta, String name) {
		Extension part = meta.getExtensionByUrl(name);
		return part == null || part.getValue() == null ? Optional.empty()
				: Optional.ofNullable(part.getValue().primitiveValue()).filter(s -> !s.isBlank());
	}

	static UnprocessableEntityException refused(String where, String problem) {
		return new UnprocessableEntityException(where + " " + problem);
	}

}
