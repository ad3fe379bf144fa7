package org.billingterminology.billing;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.billingterminology.fhirpath.NoHostServices;
import org.billingterminology.fhirpath.TypeStubWorkerContext;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.context.IWorkerContext;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.fhirpath.FHIRPathConstantEvaluationMode;

import org.springframework.stereotype.Component;

/**
 * Evaluates billing rules with HL7's R4 FHIRPath engine. HAPI's {@code IFhirPath} wrapper returns
 * nothing from {@code memberOf()} once an evaluation context is set, so the engine is used
 * directly, with host services of our own: the focus is the claim line, {@code %resource} the
 * Claim, {@code %context} the line, {@code %sameDateLines} the claim's other lines on the line's
 * date of service, {@code %payer} the payer's reference, {@code %dateOfService} the line's date, and {@code memberOf()} asks this server's value sets (through the
 * {@link LineContext} of the line, which picks code system versions by date of service).
 */
@Component
class RuleEngine {

	private final IWorkerContext worker;

	RuleEngine(FhirContext fhirContext) {
		this.worker = TypeStubWorkerContext.over(fhirContext, (marker, concept) -> ((LineContext) marker.getUserData(
				LineContext.class.getName())).holds((ValueSet) marker.getUserData(ValueSet.class.getName()), concept));
		this.engines = ThreadLocal.withInitial(() -> {
			FHIRPathEngine engine = new FHIRPathEngine(worker);
			engine.setHostServices(new HostServices());
			return engine;
		});
	}

	/** FHIRPathEngine keeps per-evaluation state, so each thread has its own (building one lists every type). */
	private final ThreadLocal<FHIRPathEngine> engines;

	FHIRPathEngine engine() {
		return engines.get();
	}

	/** The result of one expression on one line: a list of FHIRPath values. */
	List<Base> evaluate(FHIRPathEngine engine, LineContext line, Claim claim, Claim.ItemComponent item,
			ExpressionNode expression) {
		return engine.evaluate(line, claim, claim, item, expression);
	}

	private static final class HostServices extends NoHostServices {

		@Override
		public List<Base> resolveConstant(FHIRPathEngine engine, Object appContext, String name,
				FHIRPathConstantEvaluationMode mode) {
			if (mode != FHIRPathConstantEvaluationMode.EXPLICIT || !(appContext instanceof LineContext line)) {
				return List.of();
			}
			return switch (name) {
				case "payer" -> line.payer() == null ? List.of() : List.of(new org.hl7.fhir.r4.model.StringType(line.payer()));
				case "dateOfService" -> List.of(new org.hl7.fhir.r4.model.DateType(line.dateOfService()));
				case "sameDateLines" -> List.copyOf(line.sameDateLines());
				default -> throw new FHIRException("Unknown constant %" + name
						+ "; billing rules know %resource, %context, %sameDateLines, %payer and %dateOfService");
			};
		}

		@Override
		public boolean conformsToProfile(FHIRPathEngine engine, Object appContext, Base item, String url) {
			throw new FHIRException("conformsTo() is not available to billing rules");
		}

		/** A marker carrying the resolved value set and the line, for the worker's validateCode. */
		@Override
		public ValueSet resolveValueSet(FHIRPathEngine engine, Object appContext, String url) {
			if (!(appContext instanceof LineContext line)) {
				throw new FHIRException("memberOf() needs a claim line");
			}
			ValueSet resolved = line.valueSet(url);
			ValueSet marker = new ValueSet().setUrl(url);
			marker.setUserData(LineContext.class.getName(), line);
			marker.setUserData(ValueSet.class.getName(), resolved);
			return marker;
		}

	}

}
