package org.billingterminology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ChargeItemDefinition;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The landing page at /fhir and HAPI's Swagger UI, in a real headless Chromium (Debian's chromium
 * and chromium-driver; .ci/run installs them, nothing is downloaded), each page's expectations
 * taken from the FHIR API itself; and, over plain HTTP, that FHIR clients at /fhir still get FHIR.
 * Screenshots of each page go to target/webpages-*.png.
 */
class WebPagesIT extends ServerTestSupport {

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private static Path profile;

	private static ChromeDriver browser;

	@BeforeAll
	static void startBrowser() throws IOException {
		assertThat(CHROMEDRIVER).as("Debian's chromium-driver (apt-get install chromium chromium-driver)").isExecutable();
		assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium chromium-driver)").isExecutable();
		profile = Files.createTempDirectory("webpages-chromium");
		// the driver named outright: Selenium Manager, which would download one, is never asked
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile, "--window-size=1280,1000");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (browser != null) {
			browser.quit();
		}
		if (profile != null) {
			try (var files = Files.walk(profile)) {
				files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
			}
		}
	}

	private WebDriverWait waiting() {
		return new WebDriverWait(browser, Duration.ofSeconds(30));
	}

	private void openLandingPage() {
		browser.manage().window().setSize(new Dimension(1280, 1000));
		browser.get(base());
		waiting().until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("hosted-status"), "Loading…")));
		assertThat(browser.findElement(By.id("hosted-status")).getAttribute("class")).isNotEqualTo("error");
	}

	private String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

	@Test
	void theLandingPageNamesTheCodeSystemsValueSetsAndPayerNotesHosted() {
		openLandingPage();
		assertThat(browser.getTitle()).isEqualTo("Billing terminology server");
		String codeSystems = text("code-systems");
		assertThat(codeSystems).contains("CPT", "HCPCS");
		for (CodeSystem codeSystem : all(CodeSystem.class)) {
			// concept counts as the stored resources give them (the fragments hold their concepts)
			String count = String.valueOf(countConcepts(codeSystem.getConcept()));
			assertThat(browser.findElements(By.cssSelector("#code-systems tbody tr"))).anySatisfy(row -> assertThat(row.getText())
				.contains(codeSystem.getTitle(), codeSystem.getUrl(), codeSystem.getVersion()).endsWith(" " + count));
		}
		List<ValueSet> valueSets = all(ValueSet.class);
		assertThat(valueSets).isNotEmpty();
		for (ValueSet valueSet : valueSets) {
			assertThat(text("value-sets")).contains(valueSet.getTitle(), valueSet.getUrl());
		}
		String notes = text("payer-notes");
		all(Organization.class).forEach(payer -> assertThat(notes).contains(payer.getName()));
		all(ChargeItemDefinition.class).forEach(definition -> assertThat(notes).contains(definition.getTitle()));
		assertThat(browser.findElement(By.linkText("The API in Swagger UI")).getAttribute("href")).isEqualTo(base() + "/swagger-ui/");
		assertNoConsoleErrors();
		screenshot("landing", null);
	}

	@Test
	void lookingUp77003ShowsItsDisplayBillingPropertiesAndPayerNotes() {
		openLandingPage();
		assertThat(new Select(browser.findElement(By.id("lookup-system"))).getFirstSelectedOption().getAttribute("value")).isEqualTo(CPT);
		browser.findElement(By.id("lookup-code")).sendKeys("77003");
		browser.findElement(By.cssSelector("#lookup-form button[type=submit]")).click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("lookup-properties")));
		waiting().until(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("lookup-notes"), "Searching…")));

		Parameters lookup = client().operation().onType("CodeSystem").named("$lookup")
			.withParameter(Parameters.class, "system", new UriType(CPT))
			.andParameter("code", new CodeType("77003")).useHttpGet().execute();
		assertThat(text("lookup-display")).isEqualTo(lookup.getParameterValue("display").primitiveValue()).isNotBlank();
		List<WebElement> rows = browser.findElements(By.cssSelector("#lookup-properties tbody tr"));
		List<ParametersParameterComponent> properties = lookup.getParameters("property");
		assertThat(properties).extracting(p -> part(p, "code")).contains("add-on", "pc-tc-indicator", "global-period");
		for (ParametersParameterComponent property : properties) {
			assertThat(rows).anySatisfy(row -> assertThat(row.getText()).startsWith(part(property, "code") + " " + part(property, "value")));
		}
		// and what each property means: CPT's own definition, else the billing supplement's
		Map<String, String> meanings = new java.util.HashMap<>();
		for (String id : List.of("cpt-billing", "cpt")) {
			client().read().resource(CodeSystem.class).withId(id).execute().getProperty().stream().filter(p -> p.hasDescription())
				.forEach(p -> meanings.put(p.getCode(), p.getDescription()));
		}
		assertThat(meanings).containsKeys("add-on", "pc-tc-indicator", "global-period");
		properties.stream().map(p -> part(p, "code")).filter(meanings::containsKey).forEach(code -> assertThat(rows)
			.anySatisfy(row -> assertThat(row.getText()).startsWith(code + " ").endsWith(meanings.get(code))));
		for (ParametersParameterComponent designation : lookup.getParameters("designation")) {
			assertThat(text("lookup-designations")).contains(part(designation, "value"));
		}
		Bundle notes = client().search().forResource(ChargeItemDefinition.class)
			.whereMap(Map.of("code", List.of(CPT + "|77003"))).returnBundle(Bundle.class).execute();
		assertThat(notes.getEntry()).isNotEmpty();
		notes.getEntry().forEach(entry -> assertThat(text("lookup-notes")).contains(((ChargeItemDefinition) entry.getResource()).getTitle()));
		assertNoConsoleErrors();
		screenshot("lookup-77003", "browse");
	}

	@Test
	void theClaimFormShowsTheVignettesLineAsNotSeparatelyReportableWithItsSource() {
		openLandingPage();
		fillLine(1, "64483", "", "24", "2026-03-02");
		fillLine(2, "77003", "26", "24", "2026-03-02");
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#claim-payer option[value='Organization/medicare']")));
		new Select(browser.findElement(By.id("claim-payer"))).selectByValue("Organization/medicare");
		browser.findElement(By.cssSelector("#claim-form button[type=submit]")).click();
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#claim-result h3, #claim-result .error")));
		assertThat(browser.findElements(By.cssSelector("#claim-result .error"))).extracting(WebElement::getText).isEmpty();
		WebElement line2 = browser.findElement(By.cssSelector("#claim-result article[data-sequence='2']"));

		// the same claim (BillingCheckIT's fixture) through the API: the page must show its verdicts and sources
		Parameters answer = client().operation().onType("Claim").named("$billing-check")
			.withParameter(Parameters.class, "claim", fixture("/billing/Claim-vignette-transforaminal.json")).execute();
		ParametersParameterComponent apiLine2 = answer.getParameters("line").get(1);
		assertThat(part(apiLine2, "verdict")).isEqualTo("not-separately-reportable");
		ParametersParameterComponent finding = apiLine2.getPart().stream().filter(p -> p.getName().equals("finding")).findFirst().orElseThrow();
		assertThat(line2.findElement(By.className("verdict")).getText()).isEqualTo("not separately reportable");
		assertThat(line2.findElement(By.className("source")).getText()).isEqualTo(part(finding, "source")).contains("A58993");
		assertThat(line2.getText()).contains(part(finding, "rule"), part(finding, "message"));
		assertThat(browser.findElement(By.cssSelector("#claim-result article[data-sequence='1'] .verdict")).getText()).isEqualTo("no rules");
		assertThat(text("claim-verdict")).isEqualTo("At least one line is not billable as coded");
		assertNoConsoleErrors();
		screenshot("claim-check", "claim");
	}

	@Test
	void theSwaggerUiListsTheTerminologyOperationsAndTheChargeItemDefinitionSearch() {
		browser.manage().window().setSize(new Dimension(1280, 1000));
		browser.get(base() + "/swagger-ui/");
		waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock-summary-path")));
		List<String> operations = browser.findElements(By.cssSelector(".opblock-summary-path"))
			.stream().map(path -> path.getAttribute("data-path")).toList();
		assertThat(operations).contains("/CodeSystem/$lookup", "/CodeSystem/$validate-code", "/ValueSet/$validate-code",
				"/ValueSet/$expand", "/CodeSystem/$subsumes", "/ConceptMap/$translate", "/ChargeItemDefinition",
				"/Claim/$billing-check");
		assertNoConsoleErrors();
		// the UI is one long page: the window's worth from the CodeSystem operations on
		browser.manage().window().setSize(new Dimension(1280, 1400));
		((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("operations-tag-CodeSystem")));
		saveScreenshot("swagger-ui", browser.getScreenshotAs(OutputType.FILE));
	}

	@Test
	void fhirClientsAtTheBaseStillGetFhirAndBrowsersGetThePage() {
		for (String path : List.of("", "/")) {
			for (HttpRequest.Builder request : List.of(HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", "application/fhir+json"),
					HttpRequest.newBuilder(URI.create(base() + path)))) {
				HttpResponse<String> fhir = send(request);
				// what the base URL answered before the page: HAPI's 400 OperationOutcome
				assertThat(fhir.statusCode()).isEqualTo(400);
				assertThat(fhir.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/fhir+json");
				assertThat(fhir.body()).contains("\"resourceType\":\"OperationOutcome\"", "HAPI-0287");
			}
			// a browser that asks for a FHIR format gets HAPI's answer (highlighted), not the page
			HttpResponse<String> formatted = send(HttpRequest.newBuilder(URI.create(base() + path + "?_format=json"))
				.header("Accept", BROWSER_ACCEPT));
			assertThat(formatted.body()).contains("HAPI-0287").doesNotContain("<h1>Billing terminology server</h1>");
			HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", BROWSER_ACCEPT));
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
			assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
			assertThat(page.body()).contains("<h1>Billing terminology server</h1>");
		}
	}

	@Test
	void springdocIsGoneAndTheOpenApiDocumentDescribesTheFhirApi() throws IOException {
		for (String path : List.of("/v3/api-docs", "/swagger-ui.html", "/swagger-ui/index.html")) {
			HttpResponse<String> gone = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)));
			assertThat(gone.statusCode()).as(path).isEqualTo(404);
			assertThat(gone.body()).as(path).contains("OperationOutcome");
		}
		HttpResponse<String> document = send(HttpRequest.newBuilder(URI.create(base() + "/api-docs")));
		assertThat(document.statusCode()).isEqualTo(200);
		OpenAPI api = Yaml.mapper().readValue(document.body(), OpenAPI.class);
		assertThat(api.getPaths()).containsKeys("/CodeSystem/$lookup", "/CodeSystem/$validate-code", "/ValueSet/$expand",
				"/CodeSystem/$subsumes", "/ConceptMap/$translate", "/Claim/$billing-check");
		assertThat(api.getPaths().get("/CodeSystem/$lookup").getGet().getParameters()).extracting(Parameter::getName)
			.contains("system", "code", "property");
		assertThat(api.getPaths().get("/ChargeItemDefinition").getGet().getParameters()).extracting(Parameter::getName)
			.contains("code", "payer");
	}

	/** Like the capability statement, the document offers writes to the admin only. */
	@Test
	void theOpenApiDocumentOffersWritesOnlyToTheAdmin() throws IOException {
		OpenAPI anonymous = Yaml.mapper().readValue(send(HttpRequest.newBuilder(URI.create(base() + "/api-docs"))).body(),
				OpenAPI.class);
		OpenAPI admin = Yaml.mapper().readValue(send(HttpRequest.newBuilder(URI.create(base() + "/api-docs"))
			.header("Authorization", "Bearer " + ADMIN_TOKEN)).body(), OpenAPI.class);

		assertThat(anonymous.getPaths().values()).allSatisfy(item -> assertThat(item.getPut() == null
				&& item.getDelete() == null && item.getPatch() == null).isTrue());
		assertThat(anonymous.getPaths()).doesNotContainKeys("/CodeSystem/$upload-external-code-system", "/$expunge")
			.containsKeys("/CodeSystem/{id}", "/CodeSystem/_search");
		assertThat(anonymous.getPaths().get("/CodeSystem").getPost()).isNull();
		assertThat(anonymous.getPaths().get("/CodeSystem/$lookup").getPost()).isNotNull();
		assertThat(anonymous.getPaths().get("/Claim/$billing-check").getPost()).isNotNull();

		assertThat(admin.getPaths()).containsKeys("/CodeSystem/$upload-external-code-system");
		assertThat(admin.getPaths().get("/CodeSystem").getPost()).isNotNull();
		assertThat(admin.getPaths().get("/CodeSystem/{id}").getPut()).isNotNull();
	}

	private void fillLine(int line, String code, String modifiers, String place, String date) {
		String row = "#claim-lines tbody tr:nth-child(" + line + ") ";
		browser.findElement(By.cssSelector(row + ".line-code")).sendKeys(code);
		browser.findElement(By.cssSelector(row + ".line-modifiers")).sendKeys(modifiers);
		browser.findElement(By.cssSelector(row + ".line-place")).sendKeys(place);
		browser.findElement(By.cssSelector(row + ".line-date")).sendKeys(date);
	}

	private Claim fixture(String path) {
		try (InputStream in = getClass().getResourceAsStream(path)) {
			return fhirContext.newJsonParser().parseResource(Claim.class, in);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String part(ParametersParameterComponent parent, String name) {
		return parent.getPart().stream().filter(p -> p.getName().equals(name)).findFirst().map(p -> p.getValue().primitiveValue()
				!= null ? p.getValue().primitiveValue() : ((Coding) p.getValue()).getCode()).orElse(null);
	}

	private <T extends Resource> List<T> all(Class<T> type) {
		Bundle bundle = client().search().forResource(type).count(500).returnBundle(Bundle.class).execute();
		assertThat(bundle.getLink(Bundle.LINK_NEXT)).isNull();
		return bundle.getEntry().stream().map(entry -> type.cast(entry.getResource())).toList();
	}

	private static int countConcepts(List<ConceptDefinitionComponent> concepts) {
		return concepts.stream().mapToInt(c -> 1 + countConcepts(c.getConcept())).sum();
	}

	/** A CSP refusal, a script error or a failed call of the page shows in the console. */
	private static void assertNoConsoleErrors() {
		List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
			.filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			// the browser's own request for /favicon.ico, not the page's
			.filter(entry -> !entry.getMessage().contains("/favicon.ico"))
			.toList();
		assertThat(errors).extracting(LogEntry::getMessage).isEmpty();
	}

	/** The section with that id, or the whole page; the window grown to the page's height first. */
	private static void screenshot(String name, String section) {
		Object height = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
		browser.manage().window().setSize(new Dimension(1280, Math.min(8000, ((Number) height).intValue() + 40)));
		saveScreenshot(name, section == null ? browser.getScreenshotAs(OutputType.FILE)
				: browser.findElement(By.id(section)).getScreenshotAs(OutputType.FILE));
	}

	private static void saveScreenshot(String name, File shot) {
		try {
			Files.createDirectories(Path.of("target"));
			Files.copy(shot.toPath(), Path.of("target", "webpages-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

}
