package org.billingterminology.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentFolderTests {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final String CODE_SYSTEM = """
			{"resourceType": "CodeSystem", "id": "%s", "url": "%s", "version": "1", "status": "active",
			 "content": "fragment", "concept": [{"code": "A", "display": "A"}]}""";

	private static final String VALUE_SET = """
			{"resourceType": "ValueSet", "id": "vs", "url": "http://example.org/vs", "status": "active",
			 "compose": {"include": [{"system": "%s"}]}}""";

	@TempDir
	Path folder;

	private void write(String name, String json) throws IOException {
		Files.writeString(folder.resolve(name), json);
	}

	private List<ContentFile> read() {
		return ContentFolder.read(folder, FHIR);
	}

	@Test
	void readsAValidFolderInDependencyOrderAndSkipsThePackageManifest() throws IOException {
		write("ValueSet-vs.json", VALUE_SET.formatted("http://example.org/cs"));
		write("CodeSystem-cs.json", CODE_SYSTEM.formatted("cs", "http://example.org/cs"));
		write("Organization-payer.json", "{\"resourceType\": \"Organization\", \"id\": \"payer\", \"name\": \"P\"}");
		write("package.json", "{\"name\": \"example\", \"version\": \"0.1.0\"}");
		assertThat(read()).extracting(ContentFile::name)
			.containsExactly("CodeSystem-cs.json", "ValueSet-vs.json", "Organization-payer.json");
	}

	@Test
	void invalidJsonNamesTheFile() throws IOException {
		write("CodeSystem-cs.json", "{\"resourceType\": \"CodeSystem\", ");
		assertThatThrownBy(this::read).hasMessageContaining("CodeSystem-cs.json").hasMessageContaining("not a valid");
	}

	@Test
	void unknownElementIsRejectedBecauseParsingIsStrict() throws IOException {
		write("Organization-p.json", "{\"resourceType\": \"Organization\", \"id\": \"p\", \"nmae\": \"typo\"}");
		assertThatThrownBy(this::read).hasMessageContaining("Organization-p.json");
	}

	@Test
	void unknownOrUnservedResourceTypeNamesTheFile() throws IOException {
		write("Patient-p.json", "{\"resourceType\": \"Patient\", \"id\": \"p\"}");
		assertThatThrownBy(this::read).hasMessageContaining("Patient-p.json").hasMessageContaining("does not serve");
		Files.delete(folder.resolve("Patient-p.json"));
		write("Widget-w.json", "{\"resourceType\": \"Widget\", \"id\": \"w\"}");
		assertThatThrownBy(this::read).hasMessageContaining("Widget-w.json");
	}

	@Test
	void fileNameMustMatchTypeAndId() throws IOException {
		write("CodeSystem-other.json", CODE_SYSTEM.formatted("cs", "http://example.org/cs"));
		assertThatThrownBy(this::read).hasMessageContaining("must be named CodeSystem-cs.json");
	}

	@Test
	void duplicateCanonicalUrlNamesBothFiles() throws IOException {
		write("CodeSystem-a.json", CODE_SYSTEM.formatted("a", "http://example.org/same"));
		write("CodeSystem-b.json", CODE_SYSTEM.formatted("b", "http://example.org/same"));
		assertThatThrownBy(this::read).hasMessageContaining("CodeSystem-b.json").hasMessageContaining("CodeSystem-a.json");
	}

	@Test
	void referenceToAMissingFileIsRejected() throws IOException {
		write("ChargeItemDefinition-c.json", """
				{"resourceType": "ChargeItemDefinition", "id": "c", "url": "http://example.org/c", "status": "active",
				 "useContext": [{"code": {"system": "http://terminology.hl7.org/CodeSystem/usage-context-type", "code": "program"},
				                 "valueReference": {"reference": "Organization/nobody"}}]}""");
		assertThatThrownBy(this::read).hasMessageContaining("ChargeItemDefinition-c.json")
			.hasMessageContaining("Organization/nobody");
	}

	@Test
	void valueSetOverAnUndefinedSystemIsRejected() throws IOException {
		write("ValueSet-vs.json", VALUE_SET.formatted("http://example.org/undefined"));
		assertThatThrownBy(this::read).hasMessageContaining("ValueSet-vs.json")
			.hasMessageContaining("http://example.org/undefined");
	}

	@Test
	void missingFolderIsReported() {
		assertThatThrownBy(() -> ContentFolder.read(folder.resolve("absent"), FHIR)).hasMessageContaining("absent");
	}

}
