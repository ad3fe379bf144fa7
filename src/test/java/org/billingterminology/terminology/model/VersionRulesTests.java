package org.billingterminology.terminology.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionRulesTests {

	@Test
	void wildcardsMatchTheirPartOnly() {
		assertThat(VersionRules.matches("1.0.0", "1.0.x")).isTrue();
		assertThat(VersionRules.matches("1.0.7", "1.0.*")).isTrue();
		assertThat(VersionRules.matches("1.1.0", "1.0.x")).isFalse();
		assertThat(VersionRules.matches("1.2.0", "1.x.x")).isTrue();
		assertThat(VersionRules.matches("2026", "2026")).isTrue();
		// a shorter version is not a pattern: 1 names version 1, not every 1.*
		assertThat(VersionRules.matches("1.0.0", "1")).isFalse();
		assertThat(VersionRules.matches("1.0.0", null)).isTrue();
	}

}
