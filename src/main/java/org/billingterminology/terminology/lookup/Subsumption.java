package org.billingterminology.terminology.lookup;

import java.util.HashSet;
import java.util.Set;

import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.ResolvedCode;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/**
 * $subsumes outcomes. Plain codes follow the code system's hierarchy; a post-coordinated
 * expression (77003:26) is subsumed by its base code (77003) and by any expression with the same
 * base and fewer of its modifiers.
 */
final class Subsumption {

	private Subsumption() {
	}

	static String outcome(ResolvedCode a, ResolvedCode b) {
		if (a.code().equals(b.code())) {
			return "equivalent";
		}
		if (isSubsumedBy(a, b)) {
			return "subsumed-by";
		}
		if (isSubsumedBy(b, a)) {
			return "subsumes";
		}
		return "not-subsumed";
	}

	private static boolean isSubsumedBy(ResolvedCode narrower, ResolvedCode broader) {
		CodeSystemIndex codeSystem = narrower.codeSystem();
		if (!codeSystem.isA(narrower.concept().getCode(), broader.concept().getCode())) {
			return false;
		}
		return codes(narrower).containsAll(codes(broader));
	}

	private static Set<String> codes(ResolvedCode code) {
		Set<String> modifiers = new HashSet<>();
		for (ConceptDefinitionComponent modifier : code.modifiers()) {
			modifiers.add(modifier.getCode());
		}
		return modifiers;
	}

}
