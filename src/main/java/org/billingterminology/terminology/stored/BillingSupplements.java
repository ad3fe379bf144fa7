package org.billingterminology.terminology.stored;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

import org.billingterminology.terminology.model.Supplements;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.Resource;

/**
 * This project's billing knowledge is held in CodeSystem supplements of its own (canonical under
 * {@value #OWN_BASE}), so that it survives the import of a real CPT or HCPCS release. They are laid
 * over every stored version of the code system they supplement (or only the version they name)
 * when the snapshot is built, not at each request. The merge changes the code system object
 * itself, so a code system whose supplements changed is read afresh first.
 */
final class BillingSupplements {

	static final String OWN_BASE = "http://fhir.billing-terminology.org/";

	/** The supplement objects laid into a code system, compared by identity: a changed supplement is a new object. */
	private static final String LAID = BillingSupplements.class.getName() + ".laid";

	private BillingSupplements() {
	}

	/**
	 * The resources with our supplements laid into the code systems they supplement.
	 * @param reread gives a fresh copy of a code system that was merged with other supplements before
	 */
	static List<Resource> layOver(Collection<Resource> resources, UnaryOperator<Resource> reread) {
		List<CodeSystem> ours = resources.stream()
			.filter(CodeSystem.class::isInstance)
			.map(CodeSystem.class::cast)
			.filter(BillingSupplements::isOwnSupplement)
			.toList();
		List<Resource> result = new ArrayList<>(resources.size());
		for (Resource resource : resources) {
			if (resource instanceof CodeSystem codeSystem && codeSystem.hasUrl()
					&& codeSystem.getContent() != CodeSystemContentMode.SUPPLEMENT) {
				result.add(layInto(codeSystem, applicable(ours, codeSystem), reread));
			}
			else {
				result.add(resource);
			}
		}
		return result;
	}

	private static CodeSystem layInto(CodeSystem codeSystem, List<CodeSystem> wanted, UnaryOperator<Resource> reread) {
		List<?> laid = codeSystem.getUserData(LAID) instanceof List<?> list ? list : List.of();
		if (sameObjects(laid, wanted)) {
			return codeSystem;
		}
		CodeSystem target = laid.isEmpty() ? codeSystem : (CodeSystem) reread.apply(codeSystem);
		wanted.forEach(supplement -> Supplements.layInto(target, supplement));
		target.setUserData(LAID, List.copyOf(wanted));
		return target;
	}

	private static boolean sameObjects(List<?> a, List<?> b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			if (a.get(i) != b.get(i)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isOwnSupplement(CodeSystem codeSystem) {
		return codeSystem.getContent() == CodeSystemContentMode.SUPPLEMENT && codeSystem.hasSupplements()
				&& codeSystem.getUrl() != null && codeSystem.getUrl().startsWith(OWN_BASE);
	}

	/** Our supplements of this code system: those naming its url, with no version or with its version. */
	private static List<CodeSystem> applicable(List<CodeSystem> ours, CodeSystem codeSystem) {
		return ours.stream().filter(supplement -> {
			String target = supplement.getSupplements();
			int bar = target.indexOf('|');
			String url = bar < 0 ? target : target.substring(0, bar);
			return url.equals(codeSystem.getUrl())
					&& (bar < 0 || target.substring(bar + 1).equals(codeSystem.getVersion()));
		}).sorted((a, b) -> a.getUrl().compareTo(b.getUrl())).toList();
	}

}
