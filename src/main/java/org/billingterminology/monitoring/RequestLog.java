package org.billingterminology.monitoring;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outermost filter: one access-log line and one timing per request, whoever answered it (a
 * refusal by a filter, a replay, HAPI). A request that went asynchronous (a body still arriving)
 * is counted when it completes, not when its first dispatch returns.
 */
final class RequestLog extends OncePerRequestFilter {

	/** Its own logger name, so that operators can turn the access log off alone. */
	private static final Logger access = LoggerFactory.getLogger("org.billingterminology.access");

	/** Longest request target written to the log: a query can be long, and a log line should not be. */
	private static final int MAX_TARGET = 300;

	private final MeterRegistry meters;

	private final OperationLabels labels;

	RequestLog(MeterRegistry meters, OperationLabels labels) {
		this.meters = meters;
		this.labels = labels;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			if (!failed && request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new WhenComplete(request, response, started));
			}
			else {
				// an exception still on its way out becomes a 500 on the error page
				record(request, failed ? 500 : response.getStatus(), response, started);
			}
		}
	}

	private void record(HttpServletRequest request, int status, HttpServletResponse response, long started) {
		long nanos = System.nanoTime() - started;
		String method = methodOf(request);
		String path = request.getRequestURI().substring(request.getContextPath().length());
		Timer.builder("fhir.requests")
			.description("requests answered, by what they asked for and how they were answered")
			.tag("operation", labels.of(method, path))
			.tag("method", method)
			.tag("status", statusOf(status))
			.publishPercentileHistogram()
			.register(meters)
			.record(nanos, TimeUnit.NANOSECONDS);
		if (access.isInfoEnabled()) {
			access.info("{} {} {} {} ms {}", request.getMethod(), target(request), status, millis(nanos),
					requestId(response));
		}
	}

	/**
	 * Milliseconds to one decimal, rounded half up as "%.1f" rounds them, with a point whatever the
	 * locale: String.format's Formatter was 5 % of a full-path $lookup's samples (JFR, #17).
	 */
	static String millis(long nanos) {
		long tenths = (Math.max(nanos, 0) + 50_000) / 100_000;
		return (tenths / 10) + "." + (tenths % 10);
	}

	/** FHIR requests have one (http's RequestIds); actuator requests do not. */
	private static String requestId(HttpServletResponse response) {
		String id = response.getHeader("X-Request-ID");
		return id == null ? "-" : id;
	}

	/** A method Tomcat parsed can be any token; the tag keeps to the ones HTTP defines. */
	private static String methodOf(HttpServletRequest request) {
		return switch (request.getMethod()) {
			case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" -> request.getMethod();
			default -> "other";
		};
	}

	private static String statusOf(int status) {
		return status >= 100 && status <= 599 ? Integer.toString(status) : "other";
	}

	private static String target(HttpServletRequest request) {
		String query = request.getQueryString();
		String target = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
		return target.length() <= MAX_TARGET ? target : target.substring(0, MAX_TARGET) + "...";
	}

	private final class WhenComplete implements AsyncListener {

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final long started;

		WhenComplete(HttpServletRequest request, HttpServletResponse response, long started) {
			this.request = request;
			this.response = response;
			this.started = started;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			record(request, response.getStatus(), response, started);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
