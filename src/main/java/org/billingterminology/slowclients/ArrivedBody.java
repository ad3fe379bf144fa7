package org.billingterminology.slowclients;

import java.io.ByteArrayInputStream;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** The request once its body has arrived: later filters read the body from memory, as sent. */
public final class ArrivedBody extends HttpServletRequestWrapper {

	private final byte[] body;

	ArrivedBody(HttpServletRequest request, byte[] body) {
		super(request);
		this.body = body;
	}

	@Override
	public ServletInputStream getInputStream() {
		return streamOf(body);
	}

	/** A body already in memory as a servlet stream: always ready, never asynchronous. */
	public static ServletInputStream streamOf(byte[] body) {
		ByteArrayInputStream in = new ByteArrayInputStream(body);
		return new ServletInputStream() {

			@Override
			public int read() {
				return in.read();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				return in.read(buffer, offset, length);
			}

			@Override
			public boolean isFinished() {
				return in.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new IllegalStateException("The body has already arrived; read it directly");
			}
		};
	}

}
