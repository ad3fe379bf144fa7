package org.billingterminology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout README and docs/architecture.md describe, checked: no package depends on itself in a
 * circle, the operation packages share only model, request and valueset, and no class or package
 * grows past what one can read in a sitting.
 */
class ArchitectureTests {

	private static final String TERMINOLOGY = "org.billingterminology.terminology.";

	private static final List<String> OPERATIONS = List.of("lookup", "validation", "expansion", "translation",
			"metadata");

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.billingterminology");

	private static final Path SOURCES = Path.of("src/main/java");

	@Test
	void noPackageCycles() {
		slices().matching("org.billingterminology.(**)").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void operationPackagesNeverUseEachOther() {
		for (String operation : OPERATIONS) {
			String[] others = OPERATIONS.stream()
				.filter(other -> !other.equals(operation))
				.map(other -> TERMINOLOGY + other + "..")
				.toArray(String[]::new);
			noClasses().that()
				.resideInAPackage(TERMINOLOGY + operation + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(others)
				.check(MAIN);
		}
	}

	@Test
	void theSharedPackagesNeverReachIntoAnOperation() {
		String[] operations = OPERATIONS.stream().map(operation -> TERMINOLOGY + operation + "..").toArray(String[]::new);
		noClasses().that()
			.resideInAnyPackage(TERMINOLOGY + "model..", TERMINOLOGY + "request..", TERMINOLOGY + "valueset..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(operations)
			.check(MAIN);
	}

	@Test
	void noMainClassIsLongerThan300Lines() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			List<String> tooLong = files.filter(file -> file.toString().endsWith(".java"))
				.filter(file -> lines(file) > 300)
				.map(file -> file + " (" + lines(file) + " lines)")
				.toList();
			assertThat(tooLong).isEmpty();
		}
	}

	@Test
	void noPackageHoldsMoreThan12Classes() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			Map<Path, Long> perPackage = files.filter(file -> file.toString().endsWith(".java"))
				.collect(Collectors.groupingBy(Path::getParent, Collectors.counting()));
			assertThat(perPackage).allSatisfy((directory, classes) -> assertThat(classes).as(directory.toString())
				.isLessThanOrEqualTo(12));
		}
	}

	private static long lines(Path file) {
		try (Stream<String> lines = Files.lines(file)) {
			return lines.count();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

}
