package org.billingterminology.budget;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.micrometer.core.instrument.DistributionSummary;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/** Gives every request its {@link WorkBudget} for as long as it is served, and records what it used. */
final class WorkBudgets extends OncePerRequestFilter {

	private final long maxSteps;

	private final Duration deadline;

	private final Semaphore heavyPermits;

	private final DistributionSummary usedSteps;

	WorkBudgets(long maxSteps, Duration deadline, int heavyPermits, DistributionSummary usedSteps) {
		this.maxSteps = maxSteps;
		this.deadline = deadline;
		this.heavyPermits = new Semaphore(heavyPermits, true);
		this.usedSteps = usedSteps;
	}

	/** A request with a body reaches this filter on the dispatch after its body arrived (SlowClients). */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try (WorkBudget budget = WorkBudget.open(maxSteps, deadline, heavyPermits)) {
			try {
				// the body arrived whole before this filter (SlowClients, RequestBodies): its decoded length
				budget.chargeBody(request.getContentLengthLong());
			}
			catch (BaseServerResponseException refused) {
				refused.getResponseHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
				response.sendError(refused.getStatusCode(), refused.getMessage());
				return;
			}
			try {
				chain.doFilter(request, response);
			}
			finally {
				if (budget.used() > 0) {
					usedSteps.record(budget.used());
				}
			}
		}
	}

	int freePermits() {
		return heavyPermits.availablePermits();
	}

}
