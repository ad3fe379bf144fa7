package org.billingterminology.changes;

import java.time.Instant;
import java.util.Map;

import org.billingterminology.changes.DatabaseChangePoller.Fingerprint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billingterminology.changes.DatabaseChangePoller.changedTypes;

class DatabaseChangePollerTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final Instant T1 = T0.plusSeconds(1);

	private final Map<String, Fingerprint> stored = Map.of("CodeSystem", new Fingerprint(2, 3, T0), "ValueSet",
			new Fingerprint(5, 5, T0));

	@Test
	void theFirstPollReportsEveryStoredType() {
		assertThat(changedTypes(Map.of(), stored)).containsExactlyInAnyOrder("CodeSystem", "ValueSet");
	}

	@Test
	void nothingMovedNothingReported() {
		assertThat(changedTypes(stored, Map.copyOf(stored))).isEmpty();
	}

	@Test
	void anUpdateOrDeleteRaisesTheVersionSum() {
		var after = Map.of("CodeSystem", new Fingerprint(2, 4, T1), "ValueSet", new Fingerprint(5, 5, T0));
		assertThat(changedTypes(stored, after)).containsExactly("CodeSystem");
	}

	@Test
	void aCreateOfANewTypeOrAnExpungeOfTheLastOfATypeIsReported() {
		var created = Map.of("CodeSystem", new Fingerprint(2, 3, T0), "ValueSet", new Fingerprint(5, 5, T0),
				"ConceptMap", new Fingerprint(1, 1, T1));
		assertThat(changedTypes(stored, created)).containsExactly("ConceptMap");
		assertThat(changedTypes(stored, Map.of("ValueSet", new Fingerprint(5, 5, T0)))).containsExactly("CodeSystem");
	}

	@Test
	void anExpungeAndARecreateWithinOnePollStillShowInTheUpdateTime() {
		var after = Map.of("CodeSystem", new Fingerprint(2, 3, T1), "ValueSet", new Fingerprint(5, 5, T0));
		assertThat(changedTypes(stored, after)).containsExactly("CodeSystem");
	}

}
