package org.billingterminology.slowclients;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.billingterminology.security.AdminUploads;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what a slow or greedy client can hold. A body is read without a worker thread
 * ({@link PendingBody}): the request waits, holding only its connection and the bytes sent so far,
 * until the whole body is in, and only then passes on to the later filters and HAPI. The whole
 * body must arrive within the deadline, else the request fails as a 408 and its connection is
 * closed without reading the rest ({@link AbandonedBodies}). One client address may have only so
 * many requests in progress (bodies still arriving included), so it cannot take every connection
 * or worker thread by itself; and all bodies still arriving hold at most {@link #roomForBodies}
 * bytes between them.
 */
public final class SlowClients extends OncePerRequestFilter {

	private final Duration deadline;

	private final Duration uploadDeadline;

	private final AdminUploads uploads;

	private final int maxPerClient;

	private final long bodyLimit;

	private final PendingBody.Room room;

	private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

	public SlowClients(Duration deadline, Duration uploadDeadline, AdminUploads uploads, int maxPerClient, long bodyLimit) {
		this.deadline = deadline;
		this.uploadDeadline = uploadDeadline;
		this.uploads = uploads;
		this.maxPerClient = maxPerClient;
		this.bodyLimit = bodyLimit;
		this.room = new PendingBody.Room(roomForBodies(bodyLimit));
	}

	/** Sixteen bodies at the largest size the server takes, or as many more smaller ones. */
	static long roomForBodies(long bodyLimit) {
		return 16 * bodyLimit;
	}

	/** Bytes held by bodies still arriving, or arrived and not yet answered (a gauge). */
	public long bodyBytesHeld() {
		return room.held();
	}

	/** A body that arrived comes back through here once, on its asynchronous dispatch. */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PendingBody arrived = PendingBody.of(request);
		if (arrived != null) {
			passOrRefuse(arrived, request, response, chain);
			return;
		}
		String client = request.getRemoteAddr();
		AtomicInteger count = inProgress.computeIfAbsent(client, address -> new AtomicInteger());
		boolean waiting = false;
		try {
			if (maxPerClient > 0 && count.incrementAndGet() > maxPerClient) {
				response.setHeader("Retry-After", "1");
				response.setHeader("Connection", "close");
				response.sendError(429, "This client address already has " + maxPerClient
						+ " requests in progress, the most this server takes from one address; retry when one has been answered");
				return;
			}
			if (uploads.matches(request)) {
				readBlocking(request, response, chain, uploadDeadline);
			}
			else if (!hasBodyToWaitFor(request)) {
				chain.doFilter(request, response);
			}
			else if (request.isAsyncSupported()) {
				PendingBody.start(request, response, deadline, bodyLimit, room, () -> release(client, count));
				waiting = true;
			}
			else {
				readBlocking(request, response, chain, deadline);
			}
		}
		finally {
			if (!waiting) {
				release(client, count);
			}
		}
	}

	/** A body that declares more than the limit is refused unread by RequestBodies (a 413). */
	private boolean hasBodyToWaitFor(HttpServletRequest request) {
		long declared = request.getContentLengthLong();
		boolean body = declared > 0 || declared < 0 && request.getHeader("Transfer-Encoding") != null;
		return body && declared <= bodyLimit;
	}

	private static void readBlocking(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			Duration allowed) throws ServletException, IOException {
		try {
			chain.doFilter(BlockingDeadline.of(request, allowed), response);
		}
		catch (BlockingDeadline.TooSlow e) {
			if (response.isCommitted()) {
				throw e;
			}
			abandon(request, response, 408, e.getMessage());
		}
	}

	private void passOrRefuse(PendingBody body, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		switch (body.outcome()) {
			case COMPLETE -> chain.doFilter(new ArrivedBody(request, body.bytes()), response);
			case TOO_SLOW -> abandon(request, response, 408, "The request body did not arrive within "
					+ deadline.toSeconds() + " seconds (terminology.body-deadline); send it at once, or through a buffering proxy");
			case TOO_LARGE -> abandon(request, response, 413,
					"The request body is larger than this server accepts (" + bodyLimit + " bytes)");
			case NO_ROOM -> {
				response.setHeader("Retry-After", "5");
				abandon(request, response, 503, "The server is holding as many request bodies as it has room for ("
						+ roomForBodies(bodyLimit) + " bytes between them); retry shortly");
			}
			default -> abandon(request, response, 400, "The request body stopped arriving: the connection failed before it was complete");
		}
	}

	/** The rest of the body is not worth waiting for: close rather than read it to reuse the connection. */
	private static void abandon(HttpServletRequest request, HttpServletResponse response, int status, String message)
			throws IOException {
		request.setAttribute(AbandonedBodies.ATTRIBUTE, Boolean.TRUE);
		response.setHeader("Connection", "close");
		response.sendError(status, message);
	}

	private void release(String client, AtomicInteger count) {
		if (count.decrementAndGet() <= 0) {
			inProgress.remove(client, count);
		}
	}

}
