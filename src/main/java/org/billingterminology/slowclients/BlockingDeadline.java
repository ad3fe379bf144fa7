package org.billingterminology.slowclients;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A body read the blocking way, on the worker thread, within a total deadline checked after each
 * read (Tomcat's connection timeout applies only to each read; a read that gets nothing ends at
 * it). Only an admin's upload is read so: it comes with the admin token and may run to hundreds
 * of megabytes, more than {@link PendingBody.Room} keeps for bodies still arriving.
 */
final class BlockingDeadline {

	private BlockingDeadline() {
	}

	static HttpServletRequest of(HttpServletRequest request, Duration allowed) {
		return new Deadline(request, System.nanoTime() + allowed.toNanos(), allowed.toNanos());
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

	private static final class Deadline extends HttpServletRequestWrapper {

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

	private static final class Timed extends ServletInputStream {

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

}
