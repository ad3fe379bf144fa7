package org.billingterminology.terminology.model;

import java.util.List;
import java.util.Map;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionRulesTests {

	private static final String SYSTEM = "http://example.org/versions";

	private static CodeSystem version(String version) {
		CodeSystem codeSystem = new CodeSystem().setUrl(SYSTEM).setVersion(version).setContent(CodeSystemContentMode.COMPLETE);
		codeSystem.setId("versions-" + version);
		codeSystem.addConcept().setCode("a").setDisplay("A");
		return codeSystem;
	}

	@Test
	void wildcardsMatchTheirPartOnly() {
		assertThat(VersionRules.matches("1.0.0", "1.0.x")).isTrue();
		assertThat(VersionRules.matches("1.0.7", "1.0.*")).isTrue();
		assertThat(VersionRules.matches("1.1.0", "1.0.x")).isFalse();
		assertThat(VersionRules.matches("1.2.0", "1.x.x")).isTrue();
		assertThat(VersionRules.matches("2026", "2026")).isTrue();
		// a shorter version is not a pattern: 1 names version 1, not every 1.*
		assertThat(VersionRules.matches("1.0.0", "1")).isFalse();
		assertThat(VersionRules.matches("1.0.0", null)).isTrue();
	}

	@Test
	void aTrailingWildcardTakesAnyNumberOfFurtherParts() {
		assertThat(VersionRules.matches("1.0.7.3", "1.0.x")).isTrue();
		assertThat(VersionRules.matches("1.0.7.3", "1.x.0")).isFalse();
		assertThat(VersionRules.matches(null, "1.0.x")).isFalse();
		assertThat(VersionRules.isWildcard("1.0.x")).isTrue();
		assertThat(VersionRules.isWildcard("1.0.0")).isFalse();
	}

	@Test
	void aWildcardResolvesToTheNewestMatchingVersionAndAnExactOneToItself() {
		Snapshot snapshot = Snapshot.of(List.of(version("1.0.0"), version("1.0.10"), version("1.0.9"), version("1.1.0")));
		assertThat(snapshot.resolveVersion(SYSTEM, "1.0.x", true)).map(CodeSystemIndex::version).contains("1.0.10");
		assertThat(snapshot.resolveVersion(SYSTEM, "1.0.x", false)).isEmpty();
		assertThat(snapshot.resolveVersion(SYSTEM, "1.0.9", false)).map(CodeSystemIndex::version).contains("1.0.9");
		assertThat(snapshot.resolveVersion(SYSTEM, null, false)).map(CodeSystemIndex::version).contains("1.1.0");
		assertThat(snapshot.resolveVersion(SYSTEM, "2.x", true)).isEmpty();
		assertThat(snapshot.knownVersions(SYSTEM)).containsExactly("1.0.0", "1.0.9", "1.0.10", "1.1.0");
	}

	@Test
	void rulesAreReadAsCanonicalsAndAMalformedOneIsRefused() {
		Map<String, List<String>> parameters = Map.of("system-version", List.of(SYSTEM + "|1.0.x"),
				"force-system-version", List.of("http://other|2"), "default-valueset-version",
				List.of("http://vs|3"));
		VersionRules rules = VersionRules.of(name -> parameters.getOrDefault(name, List.of()));
		assertThat(rules.defaultVersion(SYSTEM)).isEqualTo("1.0.x");
		assertThat(rules.force("http://other")).isEqualTo("2");
		assertThat(rules.check(SYSTEM)).isNull();
		assertThat(rules.defaultValueSetVersion("http://vs")).isEqualTo("3");
		assertThatThrownBy(() -> VersionRules.of(name -> "check-system-version".equals(name) ? List.of(SYSTEM + "|")
				: List.of())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("check-system-version");
	}

}
