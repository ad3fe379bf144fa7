package org.billingterminology.storage;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.SearchParameter;

import org.springframework.stereotype.Component;

/**
 * An active SearchParameter is stored only if its expression is FHIRPath that selects something.
 * HAPI checks that itself on save, but with an engine over every R4 StructureDefinition, which
 * would then stay in the heap; this checks it on {@link SearchPaths}, the engine the index uses.
 */
@Component
@Interceptor
public class SearchParameterExpressions {

	private final SearchPaths paths;

	SearchParameterExpressions(SearchPaths paths) {
		this.paths = paths;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void creating(IBaseResource resource) {
		check(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updating(IBaseResource previous, IBaseResource resource) {
		check(resource);
	}

	private void check(IBaseResource resource) {
		if (!(resource instanceof SearchParameter parameter) || parameter.getStatus() != PublicationStatus.ACTIVE
				|| parameter.getType() == SearchParamType.COMPOSITE || !parameter.hasExpression()
				|| parameter.getExpression().isBlank()) {
			return;
		}
		String expression = parameter.getExpression().trim();
		ExpressionNode parsed;
		try {
			parsed = paths.parse(expression);
		}
		catch (RuntimeException e) {
			throw new UnprocessableEntityException(
					"SearchParameter.expression \"" + expression + "\" is not valid FHIRPath: " + e.getMessage());
		}
		if (isTypeNameOnly(parsed)) {
			throw new UnprocessableEntityException("SearchParameter.expression \"" + expression
					+ "\" selects the whole resource, not an element of it: give a path such as " + expression + ".url");
		}
	}

	/** "CodeSystem" alone, or in brackets: a name with nothing after it. */
	private static boolean isTypeNameOnly(ExpressionNode node) {
		if (node.getKind() == ExpressionNode.Kind.Group) {
			return node.getOperation() == null && isTypeNameOnly(node.getGroup());
		}
		return node.getKind() == ExpressionNode.Kind.Name && node.getInner() == null && node.getOperation() == null
				&& Character.isUpperCase(node.getName().charAt(0));
	}

}
