package org.billingterminology.budget;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The budget's rules below HTTP: steps, deadline, and the permits heavy requests share. */
class WorkBudgetTests {

	@Test
	void stepsBeyondTheLimitEndTheRequestAsTooCostly() {
		try (WorkBudget budget = WorkBudget.open(1_000, Duration.ofMinutes(1), new Semaphore(1))) {
			WorkBudget.spend(1_000);
			assertThatThrownBy(() -> WorkBudget.spend(1)).isInstanceOf(UnprocessableEntityException.class)
				.hasMessageContaining("more than 1000 steps")
				.hasMessageContaining("terminology.max-work-steps");
		}
	}

	@Test
	void workPastTheDeadlineEndsTheRequestAsTooCostly() throws InterruptedException {
		try (WorkBudget budget = WorkBudget.open(1_000_000, Duration.ofMillis(20), new Semaphore(1))) {
			WorkBudget.spend(10);
			Thread.sleep(50);
			assertThatThrownBy(() -> WorkBudget.spend(1_000)).isInstanceOf(UnprocessableEntityException.class)
				.hasMessageContaining("20 ms")
				.hasMessageContaining("terminology.work-deadline");
		}
	}

	@Test
	void outsideARequestNothingIsCounted() {
		WorkBudget.spend(Long.MAX_VALUE / 2);
		WorkBudget.spend(Long.MAX_VALUE / 2);
	}

	@Test
	void aHeavyRequestWaitsForThePermitAnotherHoldsAndGetsItWhenThatOneEnds() throws Exception {
		Semaphore permits = new Semaphore(1);
		WorkBudget first = WorkBudget.open(10_000_000, Duration.ofMinutes(1), permits);
		WorkBudget.spend(WorkBudget.HEAVY_AFTER);
		assertThat(permits.availablePermits()).isZero();
		CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
			try (WorkBudget budget = WorkBudget.open(10_000_000, Duration.ofMinutes(1), permits)) {
				WorkBudget.spend(WorkBudget.HEAVY_AFTER);
				return "went on";
			}
		});
		Thread.sleep(200);
		assertThat(second).isNotDone();
		first.close();
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("went on");
		assertThat(permits.availablePermits()).isEqualTo(1);
	}

	@Test
	void aHeavyRequestThatCannotGetAPermitWithinItsDeadlineIsToldTheServerIsBusy() throws Exception {
		Semaphore permits = new Semaphore(1);
		try (WorkBudget first = WorkBudget.open(10_000_000, Duration.ofMinutes(1), permits)) {
			WorkBudget.spend(WorkBudget.HEAVY_AFTER);
			Throwable refused = CompletableFuture.supplyAsync(() -> {
				try (WorkBudget budget = WorkBudget.open(10_000_000, Duration.ofMillis(100), permits)) {
					WorkBudget.spend(WorkBudget.HEAVY_AFTER);
					return null;
				}
				catch (RuntimeException e) {
					return e;
				}
			}).get(10, TimeUnit.SECONDS);
			assertThat(refused).isInstanceOf(BaseServerResponseException.class).hasMessageContaining("busy");
			assertThat(((BaseServerResponseException) refused).getStatusCode()).isEqualTo(503);
		}
		assertThat(permits.availablePermits()).isEqualTo(1);
	}

	@Test
	void cheapRequestsNeverTouchThePermits() {
		Semaphore permits = new Semaphore(0);
		try (WorkBudget budget = WorkBudget.open(10_000_000, Duration.ofMinutes(1), permits)) {
			WorkBudget.spend(WorkBudget.HEAVY_AFTER - 1);
		}
		assertThat(permits.availablePermits()).isZero();
	}

	@Test
	void aLargeBodyMakesARequestHeavyBeforeAnyTerminologyWork() {
		Semaphore permits = new Semaphore(1);
		try (WorkBudget budget = WorkBudget.open(10_000_000, Duration.ofMinutes(1), permits)) {
			budget.chargeBody(10_000);
			assertThat(permits.availablePermits()).as("a 10 kB body").isOne();
			budget.chargeBody(WorkBudget.HEAVY_AFTER * WorkBudget.BODY_BYTES_PER_STEP);
			assertThat(permits.availablePermits()).as("a body of 400 kB more").isZero();
		}
		assertThat(permits.availablePermits()).isOne();
	}

}
