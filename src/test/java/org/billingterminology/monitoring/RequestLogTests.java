package org.billingterminology.monitoring;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log's milliseconds read as "%.1f" would print them, in any locale. */
class RequestLogTests {

	private static String formatted(long nanos) {
		return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
	}

	@Test
	void millisecondsAreRoundedHalfUpToOneDecimalAsFormatRoundsThem() {
		long[] edges = { 0, 1, 49_999, 50_000, 99_999, 100_000, 149_999, 150_000, 950_000, 999_999, 1_000_000,
				1_049_999, 1_050_000, 12_345_678, 60_000_000_000L };
		for (long nanos : edges) {
			assertThat(RequestLog.millis(nanos)).as("%d ns", nanos).isEqualTo(formatted(nanos));
		}
		Random random = new Random(17);
		for (int i = 0; i < 100_000; i++) {
			long nanos = (long) (random.nextDouble() * 10_000_000_000L);
			assertThat(RequestLog.millis(nanos)).as("%d ns", nanos).isEqualTo(formatted(nanos));
		}
	}

	@Test
	void aDecimalPointWhateverTheDefaultLocale() {
		Locale before = Locale.getDefault();
		try {
			Locale.setDefault(Locale.GERMANY);
			assertThat(RequestLog.millis(1_250_000)).isEqualTo("1.3");
		}
		finally {
			Locale.setDefault(before);
		}
	}

}
