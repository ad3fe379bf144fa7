package org.billingterminology.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.billingterminology.ServerSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.CorsFilter;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS with a configured list of origins, and with none (the running tests use the default, any origin). */
class CorsTests {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static FilterRegistrationBean<CorsFilter> cors(List<String> origins, List<String> methods) {
		ServerSettings settings = new ServerSettings(Path.of("fhir-resources"), null, 10000, Duration.ofSeconds(1),
				DataSize.ofMegabytes(1), 50, 500, origins, methods, DataSize.ofMegabytes(1), null, Duration.ofSeconds(30), 50, true,
				DataSize.ofMegabytes(300), Duration.ofMinutes(10), null, 1000, 10_000_000, Duration.ofSeconds(30), 0, true);
		return new HttpPipeline().corsFilter(settings, FHIR);
	}

	private static MockHttpServletResponse preflight(FilterRegistrationBean<CorsFilter> cors, String origin, String method)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", "/fhir/CodeSystem/$lookup");
		request.setServletPath("/fhir");
		request.setPathInfo("/CodeSystem/$lookup");
		request.addHeader("Origin", origin);
		request.addHeader("Access-Control-Request-Method", method);
		MockHttpServletResponse response = new MockHttpServletResponse();
		cors.getFilter().doFilter(request, response, new MockFilterChain());
		return response;
	}

	@Test
	void onlyTheConfiguredOriginsMayCallFromABrowser() throws Exception {
		FilterRegistrationBean<CorsFilter> cors = cors(List.of("https://ehr.example", "https://billing.example"),
				List.of("GET", "POST", "OPTIONS"));
		MockHttpServletResponse allowed = preflight(cors, "https://billing.example", "POST");
		assertThat(allowed.getStatus()).isEqualTo(200);
		assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://billing.example");

		MockHttpServletResponse refused = preflight(cors, "https://attacker.example", "GET");
		assertThat(refused.getStatus()).isEqualTo(403);
		assertThat(refused.getHeader("Access-Control-Allow-Origin")).isNull();
		assertThat(refused.getContentAsString()).contains("OperationOutcome", "https://ehr.example");
	}

	@Test
	void writeMethodsCanBeAllowedForABrowserAdminTool() throws Exception {
		FilterRegistrationBean<CorsFilter> cors = cors(List.of("https://admin.example"),
				List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
		MockHttpServletResponse response = preflight(cors, "https://admin.example", "DELETE");
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("Access-Control-Allow-Methods")).contains("DELETE");
	}

	@Test
	void noConfiguredOriginMeansNoCorsAtAll() {
		assertThat(cors(List.of(), List.of("GET")).isEnabled()).isFalse();
		assertThat(cors(List.of(""), List.of("GET")).isEnabled()).isFalse();
		assertThat(cors(List.of("*"), List.of("GET")).isEnabled()).isTrue();
	}

}
