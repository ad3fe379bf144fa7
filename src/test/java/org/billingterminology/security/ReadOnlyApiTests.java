package org.billingterminology.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.billingterminology.ServerSettings;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decisions of the read-only gate, including the configuration the running tests do not use. */
class ReadOnlyApiTests {

	/**
	 * The operations anyone may call, written out here and not read from ReadOnlyApi: a name added
	 * to or dropped from the production list shows up as a failing test, not as a silent change.
	 */
	private static final List<String> READ_ONLY_OPERATIONS = List.of("$lookup", "$validate-code", "$expand",
			"$subsumes", "$translate", "$versions", "$batch-validate-code", "$meta", "$billing-check");

	/** Operations that change or remove content: never open without the token. */
	private static final List<String> WRITING_OPERATIONS = List.of("$expunge", "$reindex", "$meta-add", "$meta-delete",
			"$apply-codesystem-delta-add", "$upload-external-code-system", "$import", "$other");

	private static ReadOnlyApi gate(String token) {
		return new ReadOnlyApi(new ServerSettings(Path.of("fhir-resources"), token, 10000, Duration.ofSeconds(1), DataSize.ofMegabytes(1), 50, 500,
				List.of("*"), List.of("GET"), DataSize.ofMegabytes(1), null, Duration.ofSeconds(30), 50, true,
				DataSize.ofMegabytes(300), Duration.ofMinutes(10), null, 1000, 10_000_000, Duration.ofSeconds(30), 0, true));
	}

	private static SystemRequestDetails request(RestOperationTypeEnum type, String operation, String authorization) {
		SystemRequestDetails request = new SystemRequestDetails();
		request.setRestOperationType(type);
		request.setOperation(operation);
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

	@Test
	void withNoTokenConfiguredEveryWriteIsForbiddenEvenWithACredential() {
		for (String token : new String[] { null, "", "   " }) {
			ReadOnlyApi gate = gate(token);
			assertThatThrownBy(() -> gate.afterHandlerSelected(request(RestOperationTypeEnum.CREATE, null, null)))
				.isInstanceOf(ForbiddenOperationException.class)
				.hasMessageContaining("writes are disabled on this server");
			assertThatThrownBy(() -> gate.afterHandlerSelected(request(RestOperationTypeEnum.UPDATE, null, "Bearer ")))
				.isInstanceOf(ForbiddenOperationException.class);
			assertThatThrownBy(() -> gate.beforeHandlerSelected(request(null, "$expunge", "Bearer anything")))
				.isInstanceOf(ForbiddenOperationException.class);
			assertThatCode(() -> gate.afterHandlerSelected(request(RestOperationTypeEnum.READ, null, null)))
				.doesNotThrowAnyException();
		}
	}

	@Test
	void readsAndReadOnlyOperationsPassWithoutACredential() {
		ReadOnlyApi gate = gate("secret");
		for (RestOperationTypeEnum type : List.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD,
				RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.HISTORY_TYPE,
				RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.HISTORY_SYSTEM, RestOperationTypeEnum.METADATA,
				RestOperationTypeEnum.GET_PAGE, RestOperationTypeEnum.META)) {
			assertThatCode(() -> gate.afterHandlerSelected(request(type, null, null))).as(type.name())
				.doesNotThrowAnyException();
		}
		for (String operation : READ_ONLY_OPERATIONS) {
			assertThatCode(() -> gate.beforeHandlerSelected(request(null, operation, null))).doesNotThrowAnyException();
			assertThatCode(() -> gate.afterHandlerSelected(
					request(RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, operation, null))).doesNotThrowAnyException();
		}
	}

	@Test
	void theOpenOperationsAreExactlyTheExpectedOnes() {
		assertThat(ReadOnlyApi.READ_ONLY_OPERATIONS).containsExactlyInAnyOrderElementsOf(READ_ONLY_OPERATIONS);
	}

	@Test
	void writingOperationsNeedTheToken() {
		ReadOnlyApi gate = gate("secret");
		for (String operation : WRITING_OPERATIONS) {
			assertThatThrownBy(() -> gate.beforeHandlerSelected(request(null, operation, null))).as(operation)
				.isInstanceOf(AuthenticationException.class);
			assertThatCode(() -> gate.beforeHandlerSelected(request(null, operation, "Bearer secret"))).as(operation)
				.doesNotThrowAnyException();
		}
	}

	/** An allow-list: an interaction HAPI may add later is a write until someone says otherwise. */
	@Test
	void everyOtherInteractionNeedsTheToken() {
		ReadOnlyApi gate = gate("secret");
		List<RestOperationTypeEnum> reads = List.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD,
				RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.HISTORY_TYPE,
				RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.HISTORY_SYSTEM, RestOperationTypeEnum.METADATA,
				RestOperationTypeEnum.GET_PAGE, RestOperationTypeEnum.META);
		for (RestOperationTypeEnum type : RestOperationTypeEnum.values()) {
			if (!reads.contains(type)) {
				assertThatThrownBy(() -> gate.afterHandlerSelected(request(type, "$other", null))).as(type.name())
					.isInstanceOf(AuthenticationException.class);
				assertThatCode(() -> gate.afterHandlerSelected(request(type, "$other", "Bearer secret"))).as(type.name())
					.doesNotThrowAnyException();
			}
		}
	}

	/** HAPI's profile validator loads data that fills the old generation: not for anonymous callers. */
	@Test
	void validateNeedsTheToken() {
		ReadOnlyApi gate = gate("secret");
		assertThat(ReadOnlyApi.READ_ONLY_OPERATIONS).doesNotContain("$validate");
		assertThatThrownBy(() -> gate.beforeHandlerSelected(request(null, "$validate", null)))
			.isInstanceOf(AuthenticationException.class);
		assertThatThrownBy(() -> gate.afterHandlerSelected(request(RestOperationTypeEnum.VALIDATE, "$validate", null)))
			.isInstanceOf(AuthenticationException.class);
		assertThatCode(() -> gate.afterHandlerSelected(request(RestOperationTypeEnum.VALIDATE, "$validate", "Bearer secret")))
			.doesNotThrowAnyException();
	}

	@Test
	void theTokenMustMatchExactly() {
		ReadOnlyApi gate = gate("secret");
		SystemRequestDetails create = request(RestOperationTypeEnum.CREATE, null, null);
		for (String wrong : List.of("Bearer secre", "Bearer secret2", "Bearer SECRET", "Basic secret", "secret", "Bearer")) {
			SystemRequestDetails attempt = request(RestOperationTypeEnum.CREATE, null, wrong);
			assertThatThrownBy(() -> gate.afterHandlerSelected(attempt)).as(wrong)
				.isInstanceOf(AuthenticationException.class)
				.satisfies(e -> assertThat(((AuthenticationException) e).getResponseHeaders().get("WWW-Authenticate"))
					.singleElement()
					.asString()
					.startsWith("Bearer realm="));
		}
		assertThatThrownBy(() -> gate.afterHandlerSelected(create)).isInstanceOf(AuthenticationException.class);
		for (String right : List.of("Bearer secret", "bearer secret", "BEARER  secret ")) {
			assertThatCode(() -> gate.afterHandlerSelected(request(RestOperationTypeEnum.CREATE, null, right))).as(right)
				.doesNotThrowAnyException();
		}
	}

}
