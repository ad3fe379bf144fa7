package org.billingterminology.slowclients;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request body read without a worker thread: the request goes asynchronous, Tomcat calls
 * {@link #onDataAvailable} whenever bytes arrive (a thread is held only while they are copied),
 * and once the body is complete, too large, too late or broken the request is dispatched again,
 * to {@link SlowClients}, which then lets it through with its body in memory or refuses it.
 */
final class PendingBody implements ReadListener, AsyncListener {

	enum Outcome {
		ARRIVING, COMPLETE, TOO_SLOW, TOO_LARGE, NO_ROOM, BROKEN
	}

	private static final String ATTRIBUTE = PendingBody.class.getName();

	private final AsyncContext context;

	private final ServletInputStream in;

	private final long limit;

	private final Room room;

	private final Runnable finished;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final AtomicReference<Outcome> outcome = new AtomicReference<>(Outcome.ARRIVING);

	private long held;

	private boolean released;

	private PendingBody(AsyncContext context, ServletInputStream in, long limit, Room room, Runnable finished) {
		this.context = context;
		this.in = in;
		this.limit = limit;
		this.room = room;
		this.finished = finished;
	}

	/** Starts reading the request's body asynchronously; {@code finished} runs once it is answered. */
	static void start(HttpServletRequest request, HttpServletResponse response, Duration deadline, long limit, Room room,
			Runnable finished) throws IOException {
		AsyncContext context = request.startAsync(request, response);
		context.setTimeout(Math.max(1, deadline.toMillis()));
		PendingBody body = new PendingBody(context, request.getInputStream(), limit, room, finished);
		request.setAttribute(ATTRIBUTE, body);
		context.addListener(body);
		body.in.setReadListener(body);
	}

	/** The body of a request dispatched again by {@link #start}, or null for any other request. */
	static PendingBody of(HttpServletRequest request) {
		return request.getAttribute(ATTRIBUTE) instanceof PendingBody body ? body : null;
	}

	Outcome outcome() {
		return outcome.get();
	}

	synchronized byte[] bytes() {
		return bytes.toByteArray();
	}

	@Override
	public void onDataAvailable() throws IOException {
		byte[] buffer = new byte[8192];
		while (outcome.get() == Outcome.ARRIVING && in.isReady()) {
			int n = in.read(buffer);
			if (n < 0) {
				return;
			}
			if (!append(buffer, n)) {
				return;
			}
		}
	}

	private synchronized boolean append(byte[] buffer, int n) {
		if (released) {
			return false;
		}
		if (bytes.size() + n > limit) {
			end(Outcome.TOO_LARGE);
			return false;
		}
		if (!room.take(n)) {
			end(Outcome.NO_ROOM);
			return false;
		}
		held += n;
		bytes.write(buffer, 0, n);
		return true;
	}

	@Override
	public void onAllDataRead() {
		end(Outcome.COMPLETE);
	}

	@Override
	public void onError(Throwable failure) {
		end(Outcome.BROKEN);
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		end(Outcome.TOO_SLOW);
	}

	@Override
	public void onError(AsyncEvent event) {
		end(Outcome.BROKEN);
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
		// the dispatched request does not go asynchronous again
	}

	@Override
	public void onComplete(AsyncEvent event) {
		synchronized (this) {
			released = true;
			room.give(held);
			held = 0;
		}
		finished.run();
	}

	/** The first outcome wins; the request then goes back through the filters once. */
	private void end(Outcome result) {
		if (outcome.compareAndSet(Outcome.ARRIVING, result)) {
			context.dispatch();
		}
	}

	/**
	 * The memory all bodies still arriving may hold between them: each one is within the body
	 * limit already, and this bounds how many connections can make the server hold one.
	 */
	static final class Room {

		private final long capacity;

		private final AtomicLong held = new AtomicLong();

		Room(long capacity) {
			this.capacity = capacity;
		}

		boolean take(long n) {
			long now = held.addAndGet(n);
			if (now > capacity) {
				held.addAndGet(-n);
				return false;
			}
			return true;
		}

		void give(long n) {
			held.addAndGet(-n);
		}

		long held() {
			return held.get();
		}

	}

}
