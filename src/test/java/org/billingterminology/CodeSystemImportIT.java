package org.billingterminology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CodeSystem/$upload-external-code-system with made-up files in the real CMS and AMA layouts
 * (src/test/resources/import): what a client sees after an upload, a refused one and a broken one.
 * The imported code systems are deleted afterwards, so the other tests see the shipped fragments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CodeSystemImportIT extends ServerTestSupport {

	private static final Path FILES = Path.of("src/test/resources/import");

	private static final String UPLOAD = "/CodeSystem/$upload-external-code-system";

	private String customTarget;

	private String largeTarget;

	private static Attachment file(String name) {
		try {
			return new Attachment().setUrl(name).setData(Files.readAllBytes(FILES.resolve(name)));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Attachment zip(String name, String... members) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (String member : members) {
				zip.putNextEntry(new ZipEntry(member));
				zip.write(Files.readAllBytes(FILES.resolve(member)));
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return new Attachment().setUrl(name).setData(bytes.toByteArray());
	}

	private HttpResponse<String> upload(String token, String system, Attachment... files) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("system").setValue(new UriType(system));
		Arrays.stream(files).forEach(f -> parameters.addParameter().setName("file").setValue(f));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + UPLOAD))
			.header("Content-Type", "application/fhir+json")
			.header("Accept", "application/fhir+json")
			.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(parameters)));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return send(request);
	}

	private Parameters lookup(String system, String code) {
		return client().operation()
			.onType(CodeSystem.class)
			.named("$lookup")
			.withParameter(Parameters.class, "system", new UriType(system))
			.andParameter("code", new CodeType(code))
			.andParameter("property", new CodeType("*"))
			.useHttpGet()
			.execute();
	}

	private int status(String path) {
		return get(path).statusCode();
	}

	@Test
	@Order(1)
	void anAnonymousUploadIsRefusedAndStoresNothing() {
		HttpResponse<String> refused = upload(null, HCPCS, file("HCPC2026_JAN_ANWEB.txt"));
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(status("/CodeSystem/hcpcs-2026-01")).isEqualTo(404);
	}

	@Test
	@Order(2)
	void aBrokenFileIsRefusedNamingFileAndLineAndChangesNothing() {
		HttpResponse<String> refused = upload(ADMIN_TOKEN, HCPCS, file("HCPC2026_APR_ANWEB-broken.txt"));
		assertThat(refused.statusCode()).isEqualTo(422);
		OperationOutcome outcome = parse(refused, OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("HCPC2026_APR_ANWEB-broken.txt line 3")
			.contains("record identification");
		assertThat(status("/CodeSystem/hcpcs-2026-04")).isEqualTo(404);
		assertThat(lookup(HCPCS, "TC").getParameterValue("version").primitiveValue()).endsWith("-fragment");
	}

	@Test
	@Order(3)
	void aTruncatedZipOrAnUnknownLayoutIsA4xx() {
		Attachment whole = zip("hcpcs-2026-jan.zip", "HCPC2026_JAN_ANWEB.txt");
		byte[] half = Arrays.copyOf(whole.getData(), whole.getData().length / 2);
		HttpResponse<String> truncated = upload(ADMIN_TOKEN, HCPCS, new Attachment().setUrl("hcpcs.zip").setData(half));
		assertThat(truncated.statusCode()).isEqualTo(400);
		assertThat(truncated.body()).contains("hcpcs.zip");
		HttpResponse<String> noConcepts = upload(ADMIN_TOKEN, "http://example.org/made-up", file("hierarchy.csv"));
		assertThat(noConcepts.statusCode()).isEqualTo(422);
		assertThat(noConcepts.body()).contains("concepts.csv");
		assertThat(upload(ADMIN_TOKEN, CPT, file("MEDU.txt")).body()).contains("LONGULT.txt");
	}

	@Test
	@Order(4)
	void anImportedHcpcsCodeAnswersItsLongDescriptionAndATerminatedOneIsInactive() {
		HttpResponse<String> stored = upload(ADMIN_TOKEN, HCPCS, zip("hcpcs-2026-jan.zip", "HCPC2026_JAN_ANWEB.txt"));
		assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
		Parameters answer = parse(stored, Parameters.class);
		assertThat(((org.hl7.fhir.r4.model.IntegerType) answer.getParameterValue("conceptCount")).getValue()).isEqualTo(10);

		Parameters supply = lookup(HCPCS, "A9901");
		assertThat(supply.getParameterValue("version").primitiveValue()).isEqualTo("2026-01");
		assertThat(supply.getParameterValue("display").primitiveValue()).isEqualTo(
				"Made-up supply used only by the importer tests, whose long description is long enough to run on into a"
						+ " continuation record");
		assertThat(designations(supply)).contains("TEST SUPPLY ONE");
		assertThat(CodeSystemLookupIT.property(supply, "betos").primitiveValue()).isEqualTo("O1A");
		assertThat(CodeSystemLookupIT.property(supply, "coverage").primitiveValue()).isEqualTo("D");

		Parameters gone = lookup(HCPCS, "A9902");
		assertThat(((BooleanType) CodeSystemLookupIT.property(gone, "inactive")).booleanValue()).isTrue();
		assertThat(CodeSystemLookupIT.property(gone, "terminated").primitiveValue()).isEqualTo("2025-12-31");
		// our billing supplement lies over the imported release too
		assertThat(CodeSystemLookupIT.property(lookup(HCPCS, "XE"), "modifier-use-77003")).isNotNull();
		// the fragment still answers when asked for by version
		CodeSystem fragment = ShippedContent.read("CodeSystem-hcpcs.json", CodeSystem.class);
		HttpResponse<String> old = get("/CodeSystem/$lookup?system=" + HCPCS + "&version=" + fragment.getVersion() + "&code=TC");
		assertThat(parse(old, Parameters.class).getParameterValue("display").primitiveValue())
			.isEqualTo(fragment.getConcept().stream().filter(c -> c.getCode().equals("TC")).findFirst().orElseThrow().getDisplay());
	}

	@Test
	@Order(5)
	void theSameReleaseAgainChangesNothing() {
		HttpResponse<String> again = upload(ADMIN_TOKEN, HCPCS, file("HCPC2026_JAN_ANWEB.txt"));
		assertThat(again.statusCode()).isEqualTo(200);
		Parameters answer = parse(again, Parameters.class);
		assertThat(((BooleanType) answer.getParameterValue("changed")).booleanValue()).isFalse();
		assertThat(answer.getParameterValue("target").toString()).doesNotContain("_history/2");
	}

	@Test
	@Order(6)
	void anImportedCptCodeAnswersTheImportedDescriptorAndKeepsOurBillingProperties() {
		HttpResponse<String> stored = upload(ADMIN_TOKEN, CPT, zip("cpt-2026-data-files.zip", "LONGULT.txt", "LONGUT.txt",
				"MEDU.txt", "SHORTU.txt", "ConsumerDescriptor.txt", "ClinicianDescriptor.txt", "modifiers.csv"));
		assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);

		Parameters guidance = lookup(CPT, "77003");
		assertThat(guidance.getParameterValue("version").primitiveValue()).isEqualTo("2026");
		assertThat(guidance.getParameterValue("display").primitiveValue())
			.isEqualTo("Made-up long descriptor of code 77003 for the importer tests");
		assertThat(((BooleanType) CodeSystemLookupIT.property(guidance, "add-on")).booleanValue()).isTrue();
		assertThat(CodeSystemLookupIT.property(guidance, "global-period").primitiveValue()).isEqualTo("ZZZ");
		assertThat(designations(guidance)).contains("MADE-UP SHORT 77003", "Made-up plain words for code 77003",
				"Made-up clinician wording for code 77003");
		// the copyright line at the top of LONGULT.txt is not a code
		assertThat(get("/CodeSystem/cpt-2026").body()).doesNotContain("Made-up notice line");
		assertThat(CodeSystemLookupIT.property(lookup(CPT, "0042T"), "category").primitiveValue()).isEqualTo("category-3");
		assertThat(CodeSystemLookupIT.property(lookup(CPT, "0001F"), "category").primitiveValue()).isEqualTo("category-2");
	}

	@Test
	@Order(7)
	void aCptExpressionWithAnImportedModifierStillValidates() {
		Parameters result = client().operation()
			.onType(CodeSystem.class)
			.named("$validate-code")
			.withParameter(Parameters.class, "url", new UriType(CPT))
			.andParameter("code", new CodeType("77003:26"))
			.useHttpGet()
			.execute();
		assertThat(((BooleanType) result.getParameterValue("result")).booleanValue()).as(result.toString()).isTrue();
		assertThat(result.getParameterValue("version").primitiveValue()).isEqualTo("2026");
	}

	@Test
	@Order(8)
	void anExpansionOfLicensedCptBeyondTheCapIsTooCostlyButAPageWithinItIsAnswered() {
		String valueSet = "{\"resourceType\":\"ValueSet\",\"url\":\"http://example.org/all-cpt-2026\",\"status\":\"active\","
				+ "\"compose\":{\"include\":[{\"system\":\"" + CPT + "\",\"version\":\"2026\"}]}}";
		String whole = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"valueSet\",\"resource\":" + valueSet + "}]}";
		HttpResponse<String> refused = post("/ValueSet/$expand", "application/fhir+json", whole);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		assertThat(refused.body()).contains("too-costly").contains("licensed-expansion-cap");
		String page = whole.replace("]}", ",{\"name\":\"count\",\"valueInteger\":2}]}");
		assertThat(post("/ValueSet/$expand", "application/fhir+json", page).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(9)
	void anyOtherSystemIsReadFromHapisCustomCsv() {
		HttpResponse<String> stored = upload(ADMIN_TOKEN, "http://example.org/made-up-hierarchy", file("concepts.csv"),
				file("hierarchy.csv"));
		assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
		customTarget = ((org.hl7.fhir.r4.model.Reference) parse(stored, Parameters.class).getParameterValue("target")).getReference();
		Parameters subsumes = client().operation()
			.onType(CodeSystem.class)
			.named("$subsumes")
			.withParameter(Parameters.class, "system", new UriType("http://example.org/made-up-hierarchy"))
			.andParameter("codeA", new CodeType("root"))
			.andParameter("codeB", new CodeType("leaf-2"))
			.useHttpGet()
			.execute();
		assertThat(subsumes.getParameterValue("outcome").primitiveValue()).isEqualTo("subsumes");
	}

	@Test
	@Order(10)
	void onlyTheAdminsUploadMayBeLargerThanThePublicBodyLimitAndLocalFilesAreRefused() {
		StringBuilder csv = new StringBuilder("CODE,DISPLAY\n");
		for (int i = 0; csv.length() < 1_200_000; i++) {
			csv.append("big-").append(i).append(",Made-up concept number ").append(i).append('\n');
		}
		Attachment big = new Attachment().setUrl("concepts.csv").setData(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		HttpResponse<String> anonymous = upload(null, "http://example.org/made-up-large", big);
		assertThat(anonymous.statusCode()).isEqualTo(413);
		HttpResponse<String> stored = upload(ADMIN_TOKEN, "http://example.org/made-up-large", big);
		assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
		largeTarget = ((org.hl7.fhir.r4.model.Reference) parse(stored, Parameters.class).getParameterValue("target")).getReference();
		HttpResponse<String> local = upload(ADMIN_TOKEN, HCPCS, new Attachment().setUrl("localfile:/etc/passwd"));
		assertThat(local.statusCode()).isEqualTo(403);
		assertThat(local.body()).contains("terminology.import-dir");
	}

	private static List<String> designations(Parameters lookup) {
		return lookup.getParameter()
			.stream()
			.filter(p -> p.getName().equals("designation"))
			.flatMap(p -> p.getPart().stream())
			.filter(part -> part.getName().equals("value"))
			.map(part -> ((StringType) part.getValue()).getValue())
			.toList();
	}

	@AfterAll
	void deleteTheImports() {
		for (String id : List.of("hcpcs-2026-01", "cpt-2026")) {
			adminClient().delete().resourceById("CodeSystem", id).execute();
		}
		for (String target : java.util.Arrays.asList(customTarget, largeTarget)) {
			if (target != null) {
				adminClient().delete().resourceById(new org.hl7.fhir.r4.model.IdType(target).toUnqualifiedVersionless()).execute();
			}
		}
		assertThat(lookup(CPT, "77003").getParameterValue("version").primitiveValue()).endsWith("-fragment");
	}

}
