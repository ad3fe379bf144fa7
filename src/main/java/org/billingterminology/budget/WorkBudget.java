package org.billingterminology.budget;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.billingterminology.outcome.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;

/**
 * The work one request may do: a number of steps and a wall-clock deadline, checked as the
 * terminology model works (a step is one concept a filter considers, one value set entered, one
 * membership test, one node of a hierarchy walked, 16 characters a regex reads, or 4 bytes of the
 * request body, which HAPI parses and the answer often echoes). Whatever a
 * client sends (value sets nested in tx-resource, regex filters, deep hierarchies) ends at the
 * budget with a 422 too-costly naming the limit, instead of occupying a thread for hours.
 * <p>
 * A request that has done {@link #HEAVY_AFTER} steps is heavy: it goes on only with one of a few
 * permits, so that costly requests share the cores they are allowed and cheap ones (a lookup, a
 * replay) always find one free. Work outside a request (start-up, snapshot rebuilds) is not
 * counted.
 */
public final class WorkBudget implements AutoCloseable {

	/** Steps after which a request needs a heavy-work permit: tens of milliseconds of work. */
	static final long HEAVY_AFTER = 100_000;

	/** How often, in steps, the clock and the permit are looked at. */
	private static final long CHECK_EVERY = 256;

	private static final ThreadLocal<WorkBudget> CURRENT = new ThreadLocal<>();

	private final long maxSteps;

	private final Duration deadline;

	private final long deadlineNanos;

	private final Semaphore heavyPermits;

	private long used;

	private long nextCheck = CHECK_EVERY;

	private boolean holdsPermit;

	private WorkBudget(long maxSteps, Duration deadline, Semaphore heavyPermits) {
		this.maxSteps = maxSteps;
		this.deadline = deadline;
		this.deadlineNanos = System.nanoTime() + deadline.toNanos();
		this.heavyPermits = heavyPermits;
	}

	/** Opens the budget of the request this thread serves; close it when the request ends. */
	static WorkBudget open(long maxSteps, Duration deadline, Semaphore heavyPermits) {
		WorkBudget budget = new WorkBudget(maxSteps, deadline, heavyPermits);
		CURRENT.set(budget);
		return budget;
	}

	/** Counts steps against the current request's budget; outside a request it does nothing. */
	public static void spend(long steps) {
		WorkBudget budget = CURRENT.get();
		if (budget != null) {
			budget.use(steps);
		}
	}

	/**
	 * 422 too-costly with HL7's message id, without a tx-issue-type coding (HL7's own servers send
	 * none for it, and its tests count one as extra).
	 */
	public static UnprocessableEntityException tooCostly(String message) {
		UnprocessableEntityException error = new UnprocessableEntityException(message);
		OperationOutcome outcome = new OperationOutcome();
		var issue = outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.TOOCOSTLY);
		issue.addExtension(OperationOutcomes.MESSAGE_ID, new StringType("VALUESET_TOO_COSTLY"));
		issue.getDetails().setText(message);
		error.setOperationOutcome(outcome);
		return error;
	}

	/** Steps a body costs before any terminology work: a megabyte of JSON takes a core for a while. */
	static final long BODY_BYTES_PER_STEP = 4;

	/** Charges the request's body up front, so that a large one needs a permit before it is parsed. */
	void chargeBody(long bytes) {
		if (bytes > 0) {
			use(bytes / BODY_BYTES_PER_STEP);
		}
	}

	long used() {
		return used;
	}

	private void use(long steps) {
		used += steps;
		if (used > maxSteps) {
			throw tooCostly("This request needs more work than the server allows one request (more than " + maxSteps
					+ " steps of expansion, membership tests and regex evaluation: terminology.max-work-steps)");
		}
		if (used >= nextCheck) {
			nextCheck = used + CHECK_EVERY;
			if (System.nanoTime() > deadlineNanos) {
				throw tooCostly("This request took longer than the server allows one request (" + deadline.toMillis()
						+ " ms: terminology.work-deadline)");
			}
			if (!holdsPermit && used >= HEAVY_AFTER) {
				takePermit();
			}
		}
	}

	/** Waits, within the deadline, for one of the permits that heavy requests share. */
	private void takePermit() {
		boolean taken;
		try {
			taken = heavyPermits.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			taken = false;
		}
		if (!taken) {
			BaseServerResponseException busy = new UnclassifiedServerFailureException(503,
					"The server is busy with other costly requests and this one could not go on within its deadline ("
							+ deadline.toMillis() + " ms); try again later");
			busy.addResponseHeader("Retry-After", "5");
			throw busy;
		}
		holdsPermit = true;
	}

	/** Ends the request's budget: the permit, if it took one, goes back. */
	@Override
	public void close() {
		CURRENT.remove();
		if (holdsPermit) {
			holdsPermit = false;
			heavyPermits.release();
		}
	}

}
