package org.billingterminology.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so the Dockerfile is checked as text: the build step
 * is the README's, base images are pinned, the health check is cheap and patient enough for a cold
 * start, the runtime is a numeric non-root user that stops on OutOfMemoryError, and it starts from
 * a class data archive its own JVM wrote.
 */
class DockerfileTests {

	private final List<String> instructions = instructions(read("Dockerfile"));

	@Test
	void theBuildStageRunsTheReadmesDockerBuildCommand() {
		String readme = read("README.md");
		String docker = readme.substring(readme.indexOf("\n## Docker"));
		docker = docker.substring(0, docker.indexOf("\n## ", 1));
		Matcher documented = Pattern.compile("`(mvn [^`]*)`").matcher(docker);
		assertThat(documented.find()).as("README's Docker section names the image's Maven command").isTrue();
		List<String> builds = withKeyword("RUN").stream().filter(run -> run.contains(" package")).toList();
		assertThat(builds).hasSize(1);
		assertThat(builds.get(0)).startsWith("RUN " + documented.group(1) + " ");
	}

	@Test
	void baseImagesHaveExactTags() {
		List<String> froms = withKeyword("FROM");
		assertThat(froms).hasSize(2).allSatisfy(from -> {
			String image = from.split("\\s+")[1];
			assertThat(image).as("tagged").contains(":").doesNotContain(":latest");
			// an exact version: major.minor.patch, not a moving tag such as 3.9 or 17-jre
			assertThat(image.substring(image.indexOf(':') + 1)).as(image).matches("\\d+\\.\\d+\\.\\d+.*");
		});
	}

	@Test
	void theHealthCheckStartsNoJvmAndWaitsForAColdStart() {
		List<String> checks = withKeyword("HEALTHCHECK");
		assertThat(checks).hasSize(1);
		String check = checks.get(0);
		assertThat(check.substring(check.indexOf(" CMD "))).doesNotContainPattern("\\bjava\\b");
		assertThat(check).contains("/actuator/health/readiness");
		Matcher start = Pattern.compile("--start-period=(\\d+)s").matcher(check);
		assertThat(start.find()).isTrue();
		assertThat(Integer.parseInt(start.group(1))).isGreaterThanOrEqualTo(180);
	}

	@Test
	void theServerRunsAsANumericNonRootUserWithAWritableVolume() {
		List<String> users = withKeyword("USER");
		assertThat(users).isNotEmpty();
		String user = users.get(users.size() - 1).substring("USER ".length()).trim();
		assertThat(user).matches("\\d+(:\\d+)?").doesNotStartWith("0");
		assertThat(withKeyword("VOLUME")).containsExactly("VOLUME /app/data");
		assertThat(withKeyword("RUN")).anyMatch(run -> run.contains("chown " + user + " /app/data"));
	}

	@Test
	void theJvmStopsOnOutOfMemoryAndTheContentFolderIsCopied() {
		assertThat(withKeyword("ENV")).anyMatch(env -> env.contains("-XX:+ExitOnOutOfMemoryError"));
		List<String> copies = withKeyword("COPY");
		assertThat(copies).contains("COPY fhir-resources /app/fhir-resources");
		// the build stage needs it too: mvn package builds the FHIR package from it
		assertThat(copies).contains("COPY fhir-resources fhir-resources");
	}

	/**
	 * The runtime stage writes the class data archive with its own JVM and the server's JVM
	 * options, from the plain extracted jar (the launcher layout's nested class path cannot be
	 * archived), and the server starts from it. PackagedJarIT runs the same script and layout.
	 */
	@Test
	void theImageStartsFromAClassDataArchiveItsOwnJvmWrote() {
		assertThat(withKeyword("RUN")).anyMatch(run -> run.contains(" extract --layers --destination extracted"))
			.noneMatch(run -> run.contains("--launcher"));
		int runtimeStage = instructions.lastIndexOf(withKeyword("FROM").get(1));
		int options = indexOf(line -> line.startsWith("ENV JAVA_TOOL_OPTIONS="));
		int training = indexOf(line -> line.startsWith("RUN bash /tmp/class-data-archive.sh /app"));
		assertThat(instructions).contains("COPY src/main/docker/class-data-archive.sh /tmp/");
		assertThat(options).isGreaterThan(runtimeStage).isLessThan(training);
		assertThat(training).isGreaterThan(instructions.indexOf("COPY --from=build /build/extracted/application/ ./"));
		assertThat(withKeyword("ENTRYPOINT")).containsExactly(
				"ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=/app/application.jsa\", \"-jar\", \"/app/billing-terminology-server.jar\"]");
	}

	private int indexOf(java.util.function.Predicate<String> instruction) {
		for (int i = 0; i < instructions.size(); i++) {
			if (instruction.test(instructions.get(i))) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void dockerignoreLeavesOutBuildOutput() {
		List<String> ignored = read(".dockerignore").lines().map(String::trim).toList();
		assertThat(ignored).contains("target/", "conformance/target/", ".git/", "data/")
			.doesNotContain("src/", "fhir-resources/", "pom.xml");
	}

	private List<String> withKeyword(String keyword) {
		return instructions.stream().filter(line -> line.startsWith(keyword + " ")).toList();
	}

	/** One string per instruction: comments dropped, continuation lines joined. */
	private static List<String> instructions(String dockerfile) {
		List<String> result = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : dockerfile.lines().toList()) {
			String trimmed = line.trim();
			if (trimmed.startsWith("#") || trimmed.isEmpty()) {
				continue;
			}
			boolean continued = trimmed.endsWith("\\");
			current.append(continued ? trimmed.substring(0, trimmed.length() - 1).trim() + " " : trimmed);
			if (!continued) {
				result.add(current.toString().replaceAll("\\s+", " "));
				current.setLength(0);
			}
		}
		return result;
	}

	private static String read(String file) {
		try {
			return Files.readString(Path.of(file));
		}
		catch (IOException e) {
			throw new IllegalStateException(file, e);
		}
	}
}
