package org.billingterminology;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server in a JVM process of its own, as it runs in production: the main class on the test
 * classpath, arguments on the command line, output to a log file.
 */
final class ServerProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port;

	private final Path log;

	private final Process process;

	private final long launched;

	private ServerProcess(String name, int port, Path log, Process process, long launched) {
		this.name = name;
		this.port = port;
		this.log = log;
		this.process = process;
		this.launched = launched;
	}

	/** Launches the server on a free loopback port; the arguments are Spring properties (--key=value). */
	static ServerProcess launch(String name, Path logDirectory, List<String> arguments) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx768m");
		command.add("-cp");
		command.add(classpath());
		command.add(BillingTerminologyServer.class.getName());
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		command.addAll(arguments);
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve(name + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		// no server outlives the test JVM, however the test ends
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		return new ServerProcess(name, port, log, process, System.nanoTime());
	}

	/** Waits until every server's readiness probe says UP; returns each one's time from launch to ready. */
	static Map<String, Duration> awaitReady(List<ServerProcess> servers, Duration timeout) throws InterruptedException {
		Map<String, Duration> ready = new LinkedHashMap<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (ready.size() < servers.size()) {
			for (ServerProcess server : servers) {
				if (!ready.containsKey(server.name) && server.isReady()) {
					ready.put(server.name, Duration.ofNanos(System.nanoTime() - server.launched));
				}
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not ready within " + timeout + ": only " + ready.keySet() + ", see "
						+ servers.get(0).log.getParent());
			}
			Thread.sleep(100);
		}
		return ready;
	}

	private boolean isReady() throws InterruptedException {
		if (!process.isAlive()) {
			throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log);
		}
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException notListeningYet) {
			// the port opens only late in start-up
			return false;
		}
	}

	String base() {
		return "http://127.0.0.1:" + port + "/fhir";
	}

	String name() {
		return name;
	}

	List<String> logLines() throws IOException {
		return Files.readAllLines(log);
	}

	/** Stops the process as an orchestrator would (SIGTERM), forcibly if it does not stop in time. */
	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** Failsafe runs tests from a manifest-only jar; the real classpath is in its own property. */
	private static String classpath() {
		String real = System.getProperty("surefire.test.class.path");
		return real != null && !real.isBlank() ? real : System.getProperty("java.class.path");
	}

}
