package org.billingterminology.terminology.valueset;

import java.util.regex.Pattern;

import org.billingterminology.budget.WorkBudget;

/**
 * Text that a regular expression may only read so many times. A value set's regex filter comes
 * from whoever wrote the value set (or sent it as tx-resource); a pattern such as ((a+)+)+ takes
 * exponential time on some codes, which would let one request occupy a thread for hours. Past the
 * budget the match is abandoned and counts as no match. Every 16 characters read are also a step
 * of the request's {@link WorkBudget}, so that many matches cannot add up to hours either.
 */
final class BoundedText implements CharSequence {

	/** Character reads allowed per match: far beyond any honest pattern over a code or display. */
	static final long BUDGET = 2_000_000;

	private final CharSequence text;

	private final long[] remaining;

	private BoundedText(CharSequence text, long[] remaining) {
		this.text = text;
		this.remaining = remaining;
	}

	static boolean matches(Pattern pattern, String value) {
		try {
			return pattern.matcher(new BoundedText(value, new long[] { BUDGET })).matches();
		}
		catch (BudgetExceeded e) {
			return false;
		}
	}

	@Override
	public char charAt(int index) {
		if (--remaining[0] < 0) {
			throw new BudgetExceeded();
		}
		if ((remaining[0] & 15) == 0) {
			WorkBudget.spend(1);
		}
		return text.charAt(index);
	}

	@Override
	public int length() {
		return text.length();
	}

	@Override
	public CharSequence subSequence(int start, int end) {
		return new BoundedText(text.subSequence(start, end), remaining);
	}

	@Override
	public String toString() {
		return text.toString();
	}

	private static final class BudgetExceeded extends RuntimeException {

		private static final long serialVersionUID = 1L;

		BudgetExceeded() {
			super(null, null, false, false);
		}

	}

}
