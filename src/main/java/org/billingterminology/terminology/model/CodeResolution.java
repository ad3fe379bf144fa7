package org.billingterminology.terminology.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/**
 * The answer to "is this a code of that code system?": the code, or why it is not one. A failed
 * post-coordinated expression ({@code definite}) is wrong whatever else the code system holds; a
 * plain code that is missing may exist beyond a fragment.
 */
public record CodeResolution(ResolvedCode found, String problem, boolean definite) {

	CodeResolution(ResolvedCode found, String problem) {
		this(found, problem, false);
	}

	public boolean isFound() {
		return found != null;
	}

	public static CodeResolution resolve(CodeSystemIndex codeSystem, String code) {
		Optional<ConceptDefinitionComponent> concept = codeSystem.concept(code);
		if (concept.isPresent()) {
			return new CodeResolution(new ResolvedCode(codeSystem, concept.get().getCode(), concept.get(), List.of()),
					null);
		}
		if (code != null && code.contains(":") && codeSystem.supportsModifierExpressions()) {
			CodeResolution expression = resolveExpression(codeSystem, code);
			return expression.isFound() ? expression : new CodeResolution(null, expression.problem(), true);
		}
		return notFound(codeSystem, code);
	}

	/** HL7's CPT expression form (THO "Using CPT"): base code, then modifiers, separated by ':'. */
	private static CodeResolution resolveExpression(CodeSystemIndex codeSystem, String expression) {
		String[] parts = expression.split(":", -1);
		Optional<ConceptDefinitionComponent> base = codeSystem.concept(parts[0]);
		if (base.isEmpty()) {
			return new CodeResolution(null, "The base code '" + parts[0] + "' of the expression '" + expression
					+ "' is not in the code system " + codeSystem.url() + describeVersion(codeSystem));
		}
		if (codeSystem.isModifier(base.get())) {
			return new CodeResolution(null, "The expression '" + expression + "' starts with the modifier '" + parts[0]
					+ "'; an expression must start with a base code");
		}
		List<ConceptDefinitionComponent> modifiers = new ArrayList<>();
		for (int i = 1; i < parts.length; i++) {
			Optional<ConceptDefinitionComponent> modifier = codeSystem.concept(parts[i]);
			if (modifier.isEmpty()) {
				return new CodeResolution(null, "The modifier '" + parts[i] + "' in the expression '" + expression
						+ "' is not in the code system " + codeSystem.url() + describeVersion(codeSystem));
			}
			if (!codeSystem.isModifier(modifier.get())) {
				return new CodeResolution(null, "The code '" + parts[i] + "' in the expression '" + expression
						+ "' is not a modifier");
			}
			modifiers.add(modifier.get());
		}
		String normalised = base.get().getCode() + modifiers.stream().map(m -> ":" + m.getCode()).reduce("", String::concat);
		return new CodeResolution(new ResolvedCode(codeSystem, normalised, base.get(), List.copyOf(modifiers)), null);
	}

	static CodeResolution notFound(CodeSystemIndex codeSystem, String code) {
		return new CodeResolution(null, "Unknown code '" + code + "' in the CodeSystem '" + codeSystem.url() + "'"
				+ describeVersion(codeSystem));
	}

	private static String describeVersion(CodeSystemIndex codeSystem) {
		return codeSystem.version() == null ? "" : " version '" + codeSystem.version() + "'";
	}

}
