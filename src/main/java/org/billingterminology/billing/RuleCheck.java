package org.billingterminology.billing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Function;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Kind;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.fhirpath.FHIRPathUtilityClasses.FHIRConstant;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.ChargeItemDefinition;
import org.hl7.fhir.r4.model.Claim;

import org.springframework.stereotype.Component;

/**
 * Checks every rule of a ChargeItemDefinition before it is stored, whether it comes from the
 * content folder at start (a bad rule then stops start-up, naming the file and the rule) or from an
 * admin's write (a 422). FHIRPath parses a misspelled element such as {@code servicedDate} and
 * never matches it, so each name in a path is looked up in HAPI's model of R4, following the path
 * from the claim line; then the rule is evaluated on a fixture claim and must give one boolean.
 */
@Component
@Interceptor
public class RuleCheck {

	private static final Set<Function> SAME_TYPE = Set.of(Function.Where, Function.First, Function.Last, Function.Tail,
			Function.Skip, Function.Take, Function.Single, Function.Distinct, Function.Exclude,
			Function.Intersect, Function.Union);

	private final FhirContext fhirContext;

	private final RuleEngine rules;

	private final Claim fixture;

	RuleCheck(FhirContext fhirContext, RuleEngine rules) {
		this.fhirContext = fhirContext;
		this.rules = rules;
		try (InputStream in = RuleCheck.class.getResourceAsStream("rule-check-claim.json")) {
			this.fixture = fhirContext.newJsonParser().parseResource(Claim.class, new String(in.readAllBytes(),
					StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			throw new IllegalStateException("The fixture claim for rule checks cannot be read", e);
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void creating(IBaseResource resource) {
		if (resource instanceof ChargeItemDefinition definition) {
			check(definition);
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updating(IBaseResource previous, IBaseResource resource) {
		creating(resource);
	}

	/** Parses and checks every rule; the first bad one is a 422 naming it. */
	void check(ChargeItemDefinition definition) {
		FHIRPathEngine engine = rules.engine();
		for (BillingRule rule : BillingRule.of(definition, engine)) {
			String where = "ChargeItemDefinition/" + definition.getIdElement().getIdPart() + " rule '" + rule.id() + "'";
			BaseRuntimeElementDefinition<?> line = child(claimDefinition(), "item");
			checkNames(rule.expression(), line, where);
			List<Base> result = evaluate(engine, rule.expression(), where);
			if (result.size() != 1 || !result.get(0).isBooleanPrimitive()) {
				throw BillingRule.refused(where, "must give one true or false on a claim line; on the fixture claim it gave "
						+ result);
			}
			if (rule.related() != null) {
				checkNames(rule.related(), line, where + " (related)");
				evaluate(engine, rule.related(), where + " (related)");
			}
		}
	}

	private List<Base> evaluate(FHIRPathEngine engine, ExpressionNode expression, String where) {
		try {
			Claim.ItemComponent item = fixture.getItem().get(0);
			return rules.evaluate(engine, LineContext.forCheck(fixture, item), fixture, item, expression);
		}
		catch (RuntimeException e) {
			throw BillingRule.refused(where, "fails on the fixture claim: " + e.getMessage());
		}
	}

	private BaseRuntimeElementDefinition<?> claimDefinition() {
		return fhirContext.getResourceDefinition("Claim");
	}

	/**
	 * Walks the expression from the line, checking each element name against the type it is
	 * read from; where the type cannot be known (after a function that changes it, or a choice
	 * element not narrowed by ofType), the walk stops checking that path.
	 */
	private BaseRuntimeElementDefinition<?> checkNames(ExpressionNode node, BaseRuntimeElementDefinition<?> focus,
			String where) {
		if (node == null) {
			return focus;
		}
		BaseRuntimeElementDefinition<?> type = switch (node.getKind()) {
			case Name -> name(node.getName(), focus, where);
			case Constant -> constant(node.getConstant(), focus);
			case Group -> checkNames(node.getGroup(), focus, where);
			case Function -> function(node, focus, where);
			case Unary -> focus;
		};
		BaseRuntimeElementDefinition<?> result = checkNames(node.getInner(), type, where);
		if (node.getOpNext() != null) {
			if (node.getOperation() == ExpressionNode.Operation.Is || node.getOperation() == ExpressionNode.Operation.As) {
				typeNamed(node.getOpNext().getName(), where);
				return null;
			}
			checkNames(node.getOpNext(), focus, where);
			return null;
		}
		return result;
	}

	private BaseRuntimeElementDefinition<?> name(String name, BaseRuntimeElementDefinition<?> focus, String where) {
		if (name.startsWith("$") || !(focus instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
			return name.equals("$this") ? focus : null;
		}
		BaseRuntimeChildDefinition child = composite.getChildByName(name);
		if (child == null || !child.getElementName().equals(name)) {
			child = composite.getChildByName(name + "[x]");
			if (child == null || !child.getElementName().equals(name)) {
				throw BillingRule.refused(where, "reads '" + name + "', which " + focus.getName()
						+ " does not have (a choice element is read by its name without the type, e.g. serviced,"
						+ " location.ofType(CodeableConcept))");
			}
			return null;
		}
		return child.getChildByName(name);
	}

	private BaseRuntimeElementDefinition<?> constant(Base constant, BaseRuntimeElementDefinition<?> line) {
		if (constant instanceof FHIRConstant named) {
			return switch (named.getValue()) {
				case "%resource", "%rootResource" -> claimDefinition();
				case "%context", "%sameDateLines" -> child(claimDefinition(), "item");
				default -> null;
			};
		}
		return null;
	}

	private BaseRuntimeElementDefinition<?> function(ExpressionNode node, BaseRuntimeElementDefinition<?> focus,
			String where) {
		if (node.getFunction() == Function.Trace) {
			// the engine would keep what it traces, on every call
			throw BillingRule.refused(where, "uses trace(), which billing rules cannot");
		}
		if (node.getFunction() == Function.OfType || node.getFunction() == Function.As
				|| node.getFunction() == Function.Is) {
			return typeNamed(node.getParameters().get(0).getName(), where);
		}
		BaseRuntimeElementDefinition<?> result = null;
		for (ExpressionNode parameter : node.getParameters()) {
			BaseRuntimeElementDefinition<?> type = checkNames(parameter, focus, where);
			if (node.getFunction() == Function.Select) {
				result = type;
			}
		}
		return SAME_TYPE.contains(node.getFunction()) ? focus : result;
	}

	private BaseRuntimeElementDefinition<?> typeNamed(String typeName, String where) {
		BaseRuntimeElementDefinition<?> type = fhirContext.getElementDefinition(typeName);
		if (type == null) {
			throw BillingRule.refused(where, "names the type '" + typeName + "', which R4 does not have");
		}
		return type;
	}

	private static BaseRuntimeElementDefinition<?> child(BaseRuntimeElementDefinition<?> parent, String name) {
		return ((BaseRuntimeElementCompositeDefinition<?>) parent).getChildByName(name).getChildByName(name);
	}

}
