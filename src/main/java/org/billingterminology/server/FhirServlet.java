package org.billingterminology.server;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.annotation.ResourceDef;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.OperationMethodBinding;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.billingterminology.security.ReadOnlyApi;
import org.billingterminology.terminology.request.ReplacingOperationProvider;

/**
 * HAPI's RestfulServer, with the terminology operations of HAPI's JPA resource providers taken
 * out wherever one of our {@link ReplacingOperationProvider}s declares the same operation: HAPI
 * 8.8's JPA terminology answers wrongly for fragment code systems, and two bindings for one
 * operation would otherwise be chosen between by registration order alone.
 */
class FhirServlet extends RestfulServer {

	/** The HTTP methods of the FHIR RESTful API. */
	private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

	private final List<ReplacingOperationProvider> terminologyProviders;

	private final boolean shareCapabilityStatement;

	private final ReadOnlyApi readOnlyApi;

	/**
	 * @param shareCapabilityStatement whether HAPI may keep one capability statement for everyone;
	 *        only when its base URL is fixed, since it names the base URL (implementation.url and
	 *        every operation definition) and would otherwise hand one client's Host to the others
	 */
	FhirServlet(FhirContext fhirContext, List<ReplacingOperationProvider> terminologyProviders,
			boolean shareCapabilityStatement, ReadOnlyApi readOnlyApi) {
		super(fhirContext);
		this.terminologyProviders = terminologyProviders;
		this.shareCapabilityStatement = shareCapabilityStatement;
		this.readOnlyApi = readOnlyApi;
	}

	/**
	 * What HAPI builds from the statement outside /metadata (the OpenAPI document and its Swagger
	 * UI) offers the caller what /metadata offers them: no write without the admin token.
	 */
	@Override
	public IBaseConformance getCapabilityStatement(ServletRequestDetails request) {
		return readOnlyApi.forCaller(super.getCapabilityStatement(request), request);
	}

	@Override
	public void init(ServletConfig config) throws ServletException {
		super.init(config);
		if (!shareCapabilityStatement) {
			getServerConformanceMethod().setCacheMillis(0);
		}
		Set<String> replaced = replacedOperations();
		getResourceBindings().forEach(resource -> resource.getMethodBindings()
			.removeIf(binding -> isStockTerminologyOperation(binding, resource.getResourceName(), replaced)
					|| isGeneratedOperationDefinitionRead(binding, resource.getResourceName())));
	}

	/**
	 * HAPI's capability statement provider answers OperationDefinition reads with definitions it
	 * generates, ahead of the stored ones; ours (Claim-billing-check) are stored content, so the
	 * stored ones are served.
	 */
	private boolean isGeneratedOperationDefinitionRead(BaseMethodBinding binding, String resourceName) {
		return "OperationDefinition".equals(resourceName) && binding.getProvider() == getServerConformanceProvider();
	}

	/**
	 * HAPI hands a method it does not know to HttpServlet, which answers 501 as if the server were
	 * at fault; a client that sends one gets a 405 naming the methods there are.
	 */
	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		if (!METHODS.contains(request.getMethod())) {
			response.setHeader("Allow", String.join(", ", METHODS));
			response.sendError(405, "The HTTP method " + request.getMethod() + " is not supported here; use one of "
					+ String.join(", ", METHODS));
			return;
		}
		super.service(request, response);
	}

	/** No X-Powered-By banner: a version string only helps an attacker pick an exploit. */
	@Override
	public void addHeadersToResponse(HttpServletResponse response) {
	}

	private boolean isStockTerminologyOperation(BaseMethodBinding binding, String resourceName, Set<String> replaced) {
		return binding instanceof OperationMethodBinding operation
				&& replaced.contains(resourceName + operation.getName())
				&& !(binding.getProvider() instanceof ReplacingOperationProvider);
	}

	private Set<String> replacedOperations() {
		Set<String> operations = new HashSet<>();
		for (ReplacingOperationProvider provider : terminologyProviders) {
			Arrays.stream(provider.getClass().getDeclaredMethods())
				.map(method -> method.getAnnotation(Operation.class))
				.filter(operation -> operation != null)
				.forEach(operation -> operations.add(resourceName(operation) + "$" + operation.name().replace("$", "")));
		}
		return operations;
	}

	/** The operation's resource type; empty for a system-level operation such as $versions. */
	private String resourceName(Operation operation) {
		if (!operation.typeName().isEmpty()) {
			return operation.typeName();
		}
		ResourceDef type = operation.type().getAnnotation(ResourceDef.class);
		return type == null ? "" : type.name();
	}

}
