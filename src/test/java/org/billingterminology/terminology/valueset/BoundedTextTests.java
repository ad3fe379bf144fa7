package org.billingterminology.terminology.valueset;

import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class BoundedTextTests {

	@Test
	void anOrdinaryPatternMatchesAsUsual() {
		assertThat(BoundedText.matches(Pattern.compile("7700[0-9]"), "77003")).isTrue();
		assertThat(BoundedText.matches(Pattern.compile("7700[0-9]"), "77013")).isFalse();
	}

	@Test
	void aCatastrophicPatternGivesUpInsteadOfHangingTheThread() {
		Pattern nested = Pattern.compile("((a+)+)+");
		String almost = "a".repeat(60) + "!";
		// unbounded, java.util.regex needs centuries for this input
		assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThat(BoundedText.matches(nested, almost)).isFalse());
		assertThat(BoundedText.matches(nested, "a".repeat(60))).isTrue();
	}

}
