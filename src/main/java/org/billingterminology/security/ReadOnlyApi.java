package org.billingterminology.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.billingterminology.ServerSettings;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;

import org.springframework.stereotype.Component;

/**
 * The public API is read-only. Reads, searches, history, paging, the capability statement and
 * the read-only operations named below are open to everyone; every other interaction (create,
 * update, patch, delete, transaction, batch, {@code $validate}, and any operation not on the
 * list, including ones HAPI adds in a later version) needs
 * {@code Authorization: Bearer <terminology.admin-token>}. With no token configured, those are
 * off entirely.
 */
@Component
@Interceptor
public class ReadOnlyApi {

	/**
	 * Interactions that never change stored content and cost little. Not VALIDATE: HAPI's profile
	 * validator loads its validation data on first use (the old generation stays full after a full
	 * GC, throughput drops sixfold) and overlapping calls once stopped Tomcat's acceptor, so
	 * {@code $validate} is for the admin.
	 */
	private static final Set<RestOperationTypeEnum> READS = EnumSet.of(RestOperationTypeEnum.READ,
			RestOperationTypeEnum.VREAD, RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.SEARCH_SYSTEM,
			RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.HISTORY_TYPE,
			RestOperationTypeEnum.HISTORY_SYSTEM, RestOperationTypeEnum.METADATA, RestOperationTypeEnum.GET_PAGE,
			RestOperationTypeEnum.META);

	private static final Set<RestOperationTypeEnum> OPERATIONS = EnumSet.of(
			RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
			RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);

	/**
	 * Operations anyone may call, by GET or POST alike: each only reads, answers from this server's
	 * own terminology in memory, and is what a terminology client calls. An allow-list: anything
	 * else needs the token.
	 */
	static final Set<String> READ_ONLY_OPERATIONS = Set.of(
			// the terminology service itself (FHIR R4 terminology module): looking up, checking,
			// expanding and relating codes is what the server is for
			"$lookup", "$validate-code", "$expand", "$subsumes", "$translate",
			// which code system versions are held: clients (and the HL7 test suite) ask before choosing one
			"$versions",
			// many $validate-code answers in one request, for validators that check a whole resource
			"$batch-validate-code",
			// a resource's tags and profiles: a read of its meta, nothing is written
			"$meta",
			// whether claim lines are reportable as coded: judged in memory, nothing is stored
			"$billing-check");

	/** What a caller without the token may do with a resource type (READS, as capability statement codes). */
	private static final Set<TypeRestfulInteraction> READ_INTERACTIONS = EnumSet.of(TypeRestfulInteraction.READ,
			TypeRestfulInteraction.VREAD, TypeRestfulInteraction.SEARCHTYPE, TypeRestfulInteraction.HISTORYINSTANCE,
			TypeRestfulInteraction.HISTORYTYPE);

	static final String REALM = "billing-terminology";

	private final byte[] adminTokenDigest;

	ReadOnlyApi(ServerSettings settings) {
		String token = settings.adminToken();
		this.adminTokenDigest = token == null || token.isBlank() ? null : sha256(token.trim());
	}

	/**
	 * Before HAPI picks a handler: an operation that is not on the list is refused here, so an
	 * operation this server does not have gets the same 401 as one it has, not a hint.
	 */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public void beforeHandlerSelected(RequestDetails request) {
		String operation = request.getOperation();
		if (operation != null && operation.startsWith("$") && !READ_ONLY_OPERATIONS.contains(operation)) {
			requireAdmin(request, "The operation " + operation);
		}
	}

	/** After HAPI has decided what the request is, and before it reads the body or runs anything. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public void afterHandlerSelected(RequestDetails request) {
		RestOperationTypeEnum type = request.getRestOperationType();
		if (READS.contains(type)) {
			return;
		}
		if (OPERATIONS.contains(type) && READ_ONLY_OPERATIONS.contains(request.getOperation())) {
			return;
		}
		String what = OPERATIONS.contains(type) ? "The operation " + request.getOperation()
				: "The " + (type == null ? "request" : type.getCode() + " interaction");
		requireAdmin(request, what);
	}

	/** Whether anyone may call this operation ({@code $lookup}), token or not. */
	public static boolean isOpenToAll(String operation) {
		return READ_ONLY_OPERATIONS.contains(operation);
	}

	/** Tells clients reading the capability statement how writes are authorised. */
	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void describeSecurity(IBaseConformance statement) {
		if (statement instanceof CapabilityStatement capabilities) {
			capabilities.getRestFirstRep()
				.getSecurity()
				.setDescription(adminTokenDigest == null
						? "Read-only: reads, searches and the read-only terminology operations are open to all; writes are"
								+ " disabled on this server"
						: "Reads, searches and the read-only terminology operations are open to all; every write needs"
								+ " Authorization: Bearer <admin token>");
		}
	}

	/**
	 * The capability statement lists only what its caller can do: without the admin token (or on a
	 * server with writes off) no create, update, patch, delete, transaction, batch, conditional write
	 * or operation that needs the token. HAPI may keep one statement for everyone (with a fixed public
	 * base URL), so a trimmed copy is sent and the kept one is left whole.
	 */
	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void listOnlyWhatTheCallerMay(RequestDetails request, ResponseDetails response) {
		if (request.getRestOperationType() == RestOperationTypeEnum.METADATA
				&& response.getResponseResource() instanceof IBaseConformance statement) {
			response.setResponseResource(forCaller(statement, request));
		}
	}

	/**
	 * The statement as this caller may use it: itself for the admin, else a trimmed copy. Also for
	 * what HAPI builds from the statement without passing the hook above (its OpenAPI document).
	 */
	public IBaseConformance forCaller(IBaseConformance statement, RequestDetails request) {
		return statement instanceof CapabilityStatement capabilities && !isAdmin(request.getHeader("Authorization"))
				? readOnly(capabilities) : statement;
	}

	private static CapabilityStatement readOnly(CapabilityStatement statement) {
		CapabilityStatement copy = statement.copy();
		for (CapabilityStatementRestComponent rest : copy.getRest()) {
			rest.getInteraction().removeIf(interaction -> interaction.getCode() != SystemRestfulInteraction.SEARCHSYSTEM
					&& interaction.getCode() != SystemRestfulInteraction.HISTORYSYSTEM);
			rest.getOperation().removeIf(operation -> !READ_ONLY_OPERATIONS.contains("$" + operation.getName()));
			for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				resource.getInteraction().removeIf(interaction -> !READ_INTERACTIONS.contains(interaction.getCode()));
				resource.getOperation().removeIf(operation -> !READ_ONLY_OPERATIONS.contains("$" + operation.getName()));
				resource.setConditionalCreateElement(null);
				resource.setConditionalUpdateElement(null);
				resource.setConditionalDeleteElement(null);
				resource.setUpdateCreateElement(null);
				resource.setVersioningElement(null);
			}
		}
		return copy;
	}

	/** Whether an Authorization header carries the admin token, for limits that are larger for the admin. */
	public boolean isAdmin(String authorization) {
		if (adminTokenDigest == null || authorization == null) {
			return false;
		}
		String[] parts = authorization.trim().split("\\s+", 2);
		return parts.length == 2 && parts[0].equalsIgnoreCase("bearer")
				&& MessageDigest.isEqual(adminTokenDigest, sha256(parts[1].trim()));
	}

	private void requireAdmin(RequestDetails request, String what) {
		if (adminTokenDigest == null) {
			throw new ForbiddenOperationException(what + " is for the administrator, and writes are disabled on this"
					+ " server (no admin token is configured); this API is read-only");
		}
		String authorization = request.getHeader("Authorization");
		if (authorization == null || authorization.isBlank()) {
			throw unauthorized(what + " needs the admin credential: send Authorization: Bearer <admin token>", null);
		}
		String[] parts = authorization.trim().split("\\s+", 2);
		if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
			throw unauthorized(what + " needs a bearer token: send Authorization: Bearer <admin token>",
					"invalid_request");
		}
		// digests of equal length, compared in constant time: neither the content nor the length of
		// the configured token leaks through response timing
		if (!MessageDigest.isEqual(adminTokenDigest, sha256(parts[1].trim()))) {
			throw unauthorized("The bearer token is not valid", "invalid_token");
		}
	}

	private static AuthenticationException unauthorized(String message, String error) {
		AuthenticationException exception = new AuthenticationException(message);
		exception.addResponseHeader("WWW-Authenticate",
				"Bearer realm=\"" + REALM + "\"" + (error == null ? "" : ", error=\"" + error + "\""));
		return exception;
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java runtime has SHA-256", e);
		}
	}

}
