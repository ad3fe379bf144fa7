package org.billingterminology.storage;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ca.uhn.fhir.context.FhirContext;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.billingterminology.fhirpath.NoHostServices;
import org.billingterminology.fhirpath.TypeStubWorkerContext;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Search-parameter paths evaluated on a FHIRPath engine that knows the R4 type names only
 * ({@link TypeStubWorkerContext}): search-parameter expressions only ever test types
 * ({@code as}, {@code is}, {@code ofType()}, {@code resolve() is X}, a path that starts with a
 * base type's name). Should one need more, HAPI's full worker context is built then. One engine
 * for the index ({@link LeanSearchParamExtractor}) and the check of new parameters
 * ({@link SearchParameterExpressions}); HAPI shares its extractor's engine between threads too.
 */
@Component
final class SearchPaths {

	private static final Logger log = LoggerFactory.getLogger(SearchPaths.class);

	private final FHIRPathEngine engine;

	/** Search-parameter paths are few (one per parameter), but an admin can add parameters. */
	private final Cache<String, ExpressionNode> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

	SearchPaths(FhirContext fhirContext) {
		engine = new FHIRPathEngine(TypeStubWorkerContext.withFallback(fhirContext, () -> {
			log.info("A search-parameter expression needs more than type names: loading HAPI's full R4 worker context");
			return new HapiWorkerContext(fhirContext, fhirContext.getValidationSupport());
		}));
		engine.setHostServices(new TypeOnlyReferences(Set.copyOf(fhirContext.getResourceTypes())));
	}

	/** The parsed expression; a FHIRPath syntax error is thrown as the engine's exception. */
	ExpressionNode parse(String path) {
		return parsed.get(path, engine::parse);
	}

	List<Base> evaluate(IBase resource, String path) {
		Base focus = (Base) resource;
		return engine.evaluate(focus, focus, focus, focus, parse(path));
	}

	/**
	 * {@code resolve()} in a search-parameter path only ever tests the target's type, so a
	 * reference resolves to an empty resource of the type its URL names (nothing is read).
	 */
	private static final class TypeOnlyReferences extends NoHostServices {

		private final Map<String, Resource> stubs = new ConcurrentHashMap<>();

		private final Set<String> resourceTypes;

		TypeOnlyReferences(Set<String> resourceTypes) {
			this.resourceTypes = resourceTypes;
		}

		@Override
		public Base resolveReference(FHIRPathEngine engine, Object appContext, String url, Base refContext) {
			String type = new IdType(url).getResourceType();
			return type == null || !resourceTypes.contains(type) ? null : stubs.computeIfAbsent(type, TypeStub::new);
		}

	}

	/** A resource with nothing but its type. */
	private static final class TypeStub extends Resource {

		private static final long serialVersionUID = 1L;

		private final String type;

		TypeStub(String type) {
			this.type = type;
		}

		@Override
		public Resource copy() {
			return this;
		}

		@Override
		public ResourceType getResourceType() {
			return ResourceType.fromCode(type);
		}

		@Override
		public String fhirType() {
			return type;
		}

	}

}
