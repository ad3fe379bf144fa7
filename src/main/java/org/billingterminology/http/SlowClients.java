package org.billingterminology.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what a slow or greedy client can hold. Reading a body blocks a worker thread, and
 * Tomcat's connection timeout applies to each read, so a body sent a byte a second held its
 * thread for as long as the client liked: here the whole body must arrive within the deadline
 * (checked after each read; a read that gets nothing still ends at the connection timeout), else
 * the request fails as a 408 and its connection is closed without reading the rest (see
 * {@link AbandonedBodies} below). And one client address may have only
 * so many requests in progress at once, so it cannot take every worker thread by itself.
 */
class SlowClients extends OncePerRequestFilter {

	private final long deadlineNanos;

	private final long uploadDeadlineNanos;

	private final AdminUploads uploads;

	private final int maxPerClient;

	private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

	SlowClients(Duration deadline, Duration uploadDeadline, AdminUploads uploads, int maxPerClient) {
		this.deadlineNanos = deadline.toNanos();
		this.uploadDeadlineNanos = uploadDeadline.toNanos();
		this.uploads = uploads;
		this.maxPerClient = maxPerClient;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String client = request.getRemoteAddr();
		AtomicInteger count = inProgress.computeIfAbsent(client, address -> new AtomicInteger());
		try {
			if (maxPerClient > 0 && count.incrementAndGet() > maxPerClient) {
				response.setHeader("Retry-After", "1");
				response.setHeader("Connection", "close");
				response.sendError(429, "This client address already has " + maxPerClient
						+ " requests in progress, the most this server takes from one address; retry when one has been answered");
				return;
			}
			long allowed = uploads.matches(request) ? uploadDeadlineNanos : deadlineNanos;
			chain.doFilter(new Deadline(request, System.nanoTime() + allowed, allowed), response);
		}
		catch (TooSlow e) {
			if (response.isCommitted()) {
				throw e;
			}
			// the rest of the body is not worth waiting for: close rather than read it to reuse the connection
			request.setAttribute(AbandonedBodies.ATTRIBUTE, Boolean.TRUE);
			response.setHeader("Connection", "close");
			response.sendError(408, e.getMessage());
		}
		finally {
			if (count.decrementAndGet() <= 0) {
				inProgress.remove(client, count);
			}
		}
	}

	/** Raised when a body is still arriving at its deadline: a 408. */
	static final class TooSlow extends IOException {

		TooSlow(Duration deadline) {
			super("The request body did not arrive within " + deadline.toSeconds()
					+ " seconds (terminology.body-deadline, or import-deadline for an admin's upload); send it at once,"
					+ " or through a buffering proxy");
		}

		TooSlow(SocketTimeoutException idle) {
			super("The request body stopped arriving: nothing came within the connection timeout", idle);
		}

	}

	private final class Deadline extends HttpServletRequestWrapper {

		private final long due;

		private final long allowed;

		private ServletInputStream stream;

		Deadline(HttpServletRequest request, long due, long allowed) {
			super(request);
			this.due = due;
			this.allowed = allowed;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new Timed(super.getInputStream(), due, allowed);
			}
			return stream;
		}

	}

	private final class Timed extends ServletInputStream {

		private final ServletInputStream in;

		private final long due;

		private final long allowed;

		Timed(ServletInputStream in, long due, long allowed) {
			this.in = in;
			this.due = due;
			this.allowed = allowed;
		}

		private int checked(int n) throws IOException {
			if (n >= 0 && System.nanoTime() - due > 0) {
				throw new TooSlow(Duration.ofNanos(allowed));
			}
			return n;
		}

		@Override
		public int read() throws IOException {
			try {
				return checked(in.read());
			}
			catch (IOException e) {
				throw idle(e);
			}
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			try {
				return checked(in.read(buffer, offset, length));
			}
			catch (IOException e) {
				throw idle(e);
			}
		}

		/** Tomcat reports a read that timed out as a client abort caused by a socket timeout. */
		private IOException idle(IOException error) {
			for (Throwable cause = error; cause != null; cause = cause.getCause()) {
				if (cause instanceof SocketTimeoutException timeout) {
					return new TooSlow(timeout);
				}
			}
			return error;
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}

	}

	/**
	 * After a request whose body was given up on (see {@link SlowClients}), tells Tomcat not to read
	 * the rest of it. Tomcat otherwise reads ("swallows") an unread body to the end after the answer,
	 * on the worker thread, so that it can reuse the connection: for a body trickling in a byte a
	 * second that would hold the thread as long as the refused request did. The connection is
	 * closed instead. A servlet filter cannot say this; a valve sees Tomcat's own request.
	 */
	static final class AbandonedBodies extends ValveBase {

		/** Request attribute a filter sets when it stopped reading the body before its end. */
		static final String ATTRIBUTE = AbandonedBodies.class.getName();

		AbandonedBodies() {
			super(true);
		}

		@Override
		public void invoke(Request request, Response response) throws IOException, ServletException {
			try {
				getNext().invoke(request, response);
			}
			finally {
				if (request.getAttribute(ATTRIBUTE) != null) {
					request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
				}
			}
		}

	}

}
