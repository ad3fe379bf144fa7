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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar that Maven packages starts on its own, and so does the Docker image's layout of it: no
 * test classpath, no test dependencies, just {@code java}.
 */
class PackagedJarIT {

	@TempDir
	Path work;

	@Test
	void theJarStartsAndAnswersALookup() throws Exception {
		Path jar = Path.of("target", "billing-terminology-server.jar").toAbsolutePath();
		assertThat(jar).exists();
		startAndLookUp(List.of("-jar", jar.toString()));
		assertThat(work.resolve("data")).as("H2 file database under ./data").isDirectory();
	}

	/**
	 * The Docker image's layout: the jar extracted, and a class data sharing archive written by
	 * the image's script. -Xshare:on makes an archive that does not fit an error, and the class
	 * log shows the application's own classes coming from it.
	 */
	@Test
	void theExtractedJarStartsFromTheClassDataArchiveTheImageWrites() throws Exception {
		Path jar = Path.of("target", "billing-terminology-server.jar").toAbsolutePath();
		Path app = work.resolve("app");
		run(List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", app.toString()));
		run(List.of("bash", Path.of("src", "main", "docker", "class-data-archive.sh").toAbsolutePath().toString(),
				app.toString(), "--terminology.content-dir=" + ShippedContent.FOLDER.toAbsolutePath()));
		assertThat(app.resolve("application.jsa")).exists();

		startAndLookUp(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + app.resolve("application.jsa"),
				"-Xlog:class+load=info:file=" + work.resolve("classes.txt"), "-jar",
				app.resolve("billing-terminology-server.jar").toString()));
		assertThat(Files.readString(work.resolve("classes.txt")))
			.contains("org.billingterminology.BillingTerminologyServer source: shared objects file (top)");
	}

	private void startAndLookUp(List<String> javaArguments) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of(java()));
		command.addAll(javaArguments);
		command.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1",
				"--terminology.content-dir=" + ShippedContent.FOLDER.toAbsolutePath()));
		Process server = new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("server.log").toFile())
			.start();
		try {
			HttpClient http = HttpClient.newHttpClient();
			String base = "http://127.0.0.1:" + port;
			Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
			int readiness = 0;
			while (readiness != 200 && server.isAlive() && Instant.now().isBefore(deadline)) {
				Thread.sleep(250);
				readiness = status(http, base + "/actuator/health/readiness");
			}
			assertThat(readiness).as("readiness; server log:\n%s", log()).isEqualTo(200);
			HttpResponse<String> lookup = http.send(HttpRequest
				.newBuilder(URI.create(base + "/fhir/CodeSystem/$lookup?system=http://www.ama-assn.org/go/cpt&code=77003"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(lookup.statusCode()).isEqualTo(200);
			assertThat(lookup.body()).contains("\"display\"");
		}
		finally {
			server.destroy();
			server.waitFor();
		}
	}

	private void run(List<String> command) throws Exception {
		Path output = work.resolve("command.log");
		Process process = new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
		assertThat(process.exitValue()).as("%s: %s", command, Files.readString(output)).isZero();
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	@Test
	void aContentFolderThatDoesNotExistStopsTheJarWithinSeconds() throws Exception {
		Path jar = Path.of("target", "billing-terminology-server.jar").toAbsolutePath();
		Instant started = Instant.now();
		Process server = new ProcessBuilder(java(), "-jar",
				jar.toString(), "--server.port=0", "--terminology.content-dir=" + work.resolve("no-such-folder"))
			.directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("server.log").toFile())
			.start();
		try {
			assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped; log:\n%s", log()).isTrue();
			assertThat(server.exitValue()).isNotZero();
			assertThat(log()).contains("no-such-folder does not exist (terminology.content-dir");
			// before HAPI and the database: nothing of the JPA start-up ran
			assertThat(log()).doesNotContain("HikariPool", "HAPI_PU");
			assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
		}
		finally {
			server.destroyForcibly();
		}
	}

	private String log() throws IOException {
		return Files.readString(work.resolve("server.log"));
	}

	private static int status(HttpClient http, String url) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException | InterruptedException notYet) {
			return 0;
		}
	}

}
