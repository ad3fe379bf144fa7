package org.billingterminology;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that try to take the server from everyone else, at small scale and with the short
 * limits of the test server: bodies sent a byte at a time, one address holding many requests,
 * a forged Host header aimed at the shared capability statement.
 */
class HostileClientIT extends ServerTestSupport {

	private static final String LOOKUP = "/CodeSystem/$lookup?system=" + CPT + "&code=77003";

	@Autowired
	private ServletWebServerApplicationContext context;

	/**
	 * Opens a connection and sends a POST whose declared body of a thousand bytes arrives a byte
	 * every 200 ms (over three minutes in all), stopping as soon as an answer comes; the answer as
	 * far as it was read, or "" when the connection ended without one.
	 */
	private CompletableFuture<String> trickle(ExecutorService threads) {
		return CompletableFuture.supplyAsync(() -> {
			StringBuilder answer = new StringBuilder();
			try (Socket socket = new Socket("127.0.0.1", port)) {
				socket.setSoTimeout(60_000);
				OutputStream out = socket.getOutputStream();
				out.write(("POST /fhir/CodeSystem/$lookup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/fhir+json\r\n"
						+ "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				for (int i = 0; i < 10_000 && in.available() == 0; i++) {
					if (i % 10 == 0) {
						out.write(' ');
						out.flush();
					}
					Thread.sleep(20);
				}
				byte[] buffer = new byte[8192];
				for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
					answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
				}
			}
			catch (IOException e) {
				// a reset after the answer (the server closing on a body it will not read) ends it
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return answer.toString();
		}, threads);
	}

	private static int status(String answer) {
		return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
	}

	@Test
	void bodiesTricklingInAreCutOffAtTheDeadlineWhileOthersAreAnswered() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(20);
		try {
			long start = System.nanoTime();
			List<CompletableFuture<String>> tricklers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				tricklers.add(trickle(threads));
			}
			Thread.sleep(500);
			assertThat(busyWorkerThreads()).as("worker threads busy while 20 bodies trickle in (read without one)")
				.isLessThanOrEqualTo(2);
			for (int i = 0; i < 5; i++) {
				long asked = System.nanoTime();
				assertThat(get(LOOKUP).statusCode()).isEqualTo(200);
				assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked)).as("a lookup beside 20 slow bodies")
					.isLessThan(2000);
			}
			CompletableFuture.allOf(tricklers.toArray(CompletableFuture[]::new)).get(BODY_DEADLINE_SECONDS + 10, TimeUnit.SECONDS);
			assertThat(tricklers).extracting(CompletableFuture::join).extracting(HostileClientIT::status).containsOnly(408);
			String answer = tricklers.get(0).join();
			assertThat(answer).containsIgnoringCase("Connection: close")
				.contains("OperationOutcome", "did not arrive within " + BODY_DEADLINE_SECONDS + " seconds");
			assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(BODY_DEADLINE_SECONDS + 5);
		}
		finally {
			threads.shutdownNow();
		}
	}

	private int busyWorkerThreads() {
		Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
		return ((ThreadPoolExecutor) connector.getProtocolHandler().getExecutor()).getActiveCount();
	}

	@Test
	void aBodySentInPiecesWithPausesIsAnsweredOnceItIsComplete() throws Exception {
		byte[] body = ("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"system\",\"valueUri\":\"" + CPT
				+ "\"},{\"name\":\"code\",\"valueCode\":\"77003\"}]}").getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /fhir/CodeSystem/$lookup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/fhir+json\r\n"
					+ "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			for (int from = 0; from < body.length; from += 40) {
				out.write(body, from, Math.min(40, body.length - from));
				out.flush();
				Thread.sleep(300);
			}
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(status(answer)).as(answer).isEqualTo(200);
			assertThat(answer).contains("\"resourceType\"", "Parameters", "display");
		}
	}

	@Test
	void oneAddressCannotHoldMoreThanItsShareOfRequests() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(MAX_REQUESTS_PER_CLIENT);
		try {
			List<CompletableFuture<String>> tricklers = new ArrayList<>();
			for (int i = 0; i < MAX_REQUESTS_PER_CLIENT; i++) {
				tricklers.add(trickle(threads));
			}
			Thread.sleep(1000);
			RawHttp.Response refused = RawHttp.exchange(port,
					("GET /fhir" + LOOKUP + " HTTP/1.1").getBytes(StandardCharsets.US_ASCII), null, false);
			assertThat(refused.status()).as(refused.body()).isEqualTo(429);
			assertThat(refused.header("Retry-After")).isEqualTo("1");
			assertThat(refused.body()).contains("OperationOutcome", "already has " + MAX_REQUESTS_PER_CLIENT + " requests in progress");

			CompletableFuture.allOf(tricklers.toArray(CompletableFuture[]::new)).get(BODY_DEADLINE_SECONDS + 10, TimeUnit.SECONDS);
			assertThat(get(LOOKUP).statusCode()).as("once the slow requests are cut off").isEqualTo(200);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void theCapabilityStatementOfOneClientNeverNamesTheHostOfAnother() {
		for (String host : List.of("one.example", "two.example", "one.example")) {
			RawHttp.Response metadata = RawHttp.exchange(port,
					("GET /fhir/metadata HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/fhir+json")
						.getBytes(StandardCharsets.US_ASCII),
					null, false);
			assertThat(metadata.status()).isEqualTo(200);
			String other = host.equals("one.example") ? "two.example" : "one.example";
			assertThat(metadata.body()).contains("\"url\":\"http://" + host + "/fhir\"").doesNotContain(other);
		}
	}

}
