package org.billingterminology.terminology.valueset;

import java.util.ArrayList;
import java.util.List;

import org.billingterminology.terminology.model.CodeResolution;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.stored.Snapshots;
import org.hl7.fhir.r4.model.ValueSet;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The "terminology" readiness contributor: UP only when the model answers for every stored code
 * system (its concepts resolve) and every stored value set (it expands). The verdict is kept per
 * snapshot, so probes cost nothing until content changes. FHIR's core content is not checked: many
 * of its value sets draw on code systems no server holds whole (SNOMED CT, LOINC).
 */
@Component("terminologyHealthIndicator")
class ModelReadiness implements HealthIndicator {

	private final Snapshots snapshots;

	private volatile Verdict last;

	private record Verdict(Snapshot snapshot, Health health) {
	}

	ModelReadiness(Snapshots snapshots) {
		this.snapshots = snapshots;
	}

	@Override
	public Health health() {
		Snapshot snapshot = snapshots.snapshot();
		Verdict verdict = last;
		if (verdict == null || verdict.snapshot() != snapshot) {
			verdict = new Verdict(snapshot, check(snapshot));
			last = verdict;
		}
		return verdict.health();
	}

	private static Health check(Snapshot snapshot) {
		List<String> problems = new ArrayList<>();
		int codeSystems = 0;
		int valueSets = 0;
		for (List<CodeSystemIndex> versions : snapshot.codeSystems()) {
			for (CodeSystemIndex codeSystem : versions) {
				if (Snapshot.isCore(codeSystem.resource())) {
					continue;
				}
				codeSystems++;
				for (var concept : codeSystem.concepts()) {
					if (!CodeResolution.resolve(codeSystem, concept.getCode()).isFound()) {
						problems.add(codeSystem.url() + "#" + concept.getCode() + " does not resolve");
					}
				}
			}
		}
		ValueSetContents contents = new ValueSetContents(snapshot, Integer.MAX_VALUE);
		for (List<ValueSet> versions : snapshot.valueSets()) {
			for (ValueSet valueSet : versions) {
				if (Snapshot.isCore(valueSet)) {
					continue;
				}
				valueSets++;
				try {
					contents.members(valueSet);
				}
				catch (RuntimeException e) {
					problems.add(valueSet.getUrl() + " does not expand: " + e.getMessage());
				}
			}
		}
		Health.Builder health = problems.isEmpty() ? Health.up() : Health.down().withDetail("problems", problems);
		return health.withDetail("codeSystems", codeSystems).withDetail("valueSets", valueSets).build();
	}

}
