package org.billingterminology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 exchange over a plain socket, for requests that well-behaved clients refuse to
 * send: invalid bytes in the request line, chunked bodies of a chosen size, bogus methods, an
 * encoded slash. Each request closes its connection.
 */
final class RawHttp {

	record Response(int status, Map<String, List<String>> headers, String body) {

		String header(String name) {
			List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
			return values == null ? null : values.get(0);
		}

	}

	private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length:\\s*(\\d+)");

	private RawHttp() {
	}

	/**
	 * Sends the request head (request line and headers, without the blank line) and body; a body
	 * is sent chunked when chunked is set, else with a Content-Length unless the head has one.
	 */
	static Response exchange(int port, byte[] head, byte[] body, boolean chunked) {
		return exchange("127.0.0.1", port, head, body, chunked);
	}

	/** The same, from another loopback address (127.0.0.2, say): a client that is not a trusted proxy. */
	static Response exchange(String fromAddress, int port, byte[] head, byte[] body, boolean chunked) {
		try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(fromAddress), 0)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.write(head);
			String headText = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
			// a head may name its own Host, to show that the server does not answer by it
			request.write(ascii((headText.contains("\r\nhost:") ? "" : "\r\nHost: 127.0.0.1:" + port) + "\r\nConnection: close\r\n"));
			if (body != null && chunked) {
				request.write(ascii("Transfer-Encoding: chunked\r\n\r\n"));
				for (int offset = 0; offset < body.length; offset += 65536) {
					int length = Math.min(65536, body.length - offset);
					request.write(ascii(Integer.toHexString(length) + "\r\n"));
					request.write(body, offset, length);
					request.write(ascii("\r\n"));
				}
				request.write(ascii("0\r\n\r\n"));
			}
			else if (body != null) {
				if (!headText.contains("\ncontent-length:")) {
					request.write(ascii("Content-Length: " + body.length + "\r\n"));
				}
				request.write(ascii("\r\n"));
				request.write(body);
			}
			else {
				request.write(ascii("\r\n"));
			}
			try {
				out.write(request.toByteArray());
				out.flush();
			}
			catch (IOException e) {
				// the server may answer and close before it has read all of a body it refuses
			}
			return read(socket.getInputStream());
		}
		catch (IOException e) {
			throw new IllegalStateException("No HTTP answer: " + e, e);
		}
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Reads one response by its framing (Content-Length or chunked), not to the end of the
	 * connection: a server that refuses a body unread may keep the connection open a while.
	 */
	private static Response read(InputStream in) throws IOException {
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		int headEnd = -1;
		byte[] buffer = new byte[8192];
		while (true) {
			if (headEnd < 0) {
				headEnd = new String(raw.toByteArray(), StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
			}
			if (headEnd >= 0 && complete(raw.toByteArray(), headEnd)) {
				break;
			}
			int n;
			try {
				n = in.read(buffer);
			}
			catch (SocketTimeoutException e) {
				throw e;
			}
			catch (IOException e) {
				// a reset after the response (the server closing on an unread body) ends the answer
				n = -1;
			}
			if (n < 0) {
				break;
			}
			raw.write(buffer, 0, n);
		}
		return parse(raw.toByteArray());
	}

	private static boolean complete(byte[] raw, int headEnd) {
		String head = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
		int bodyLength = raw.length - headEnd - 4;
		Matcher length = CONTENT_LENGTH.matcher(head);
		if (length.find()) {
			return bodyLength >= Integer.parseInt(length.group(1));
		}
		if (head.contains("\r\ntransfer-encoding: chunked")) {
			String body = new String(raw, headEnd + 4, bodyLength, StandardCharsets.ISO_8859_1);
			return body.equals("0\r\n\r\n") || body.endsWith("\r\n0\r\n\r\n");
		}
		return false;
	}

	private static Response parse(byte[] raw) {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			throw new IllegalStateException("Not an HTTP response: " + text);
		}
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, List<String>> headers = new TreeMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).trim());
		}
		byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
		List<String> encoding = headers.get("transfer-encoding");
		if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
			body = dechunk(body);
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int position = 0;
		while (position < chunked.length) {
			int lineEnd = indexOf(chunked, position);
			if (lineEnd < 0) {
				break;
			}
			String sizeLine = new String(chunked, position, lineEnd - position, StandardCharsets.ISO_8859_1);
			int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
			if (size == 0) {
				break;
			}
			body.write(chunked, lineEnd + 2, size);
			position = lineEnd + 2 + size + 2;
		}
		return body.toByteArray();
	}

	private static int indexOf(byte[] bytes, int from) {
		for (int i = from; i + 1 < bytes.length; i++) {
			if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
				return i;
			}
		}
		return -1;
	}

}
