package org.billingterminology.fhirpath;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import com.google.common.base.Suppliers;
import org.hl7.fhir.instance.model.api.IDomainResource;
import org.hl7.fhir.r4.context.IWorkerContext;
import org.hl7.fhir.r4.context.IWorkerContext.ValidationResult;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;

/**
 * The little of an R4 worker context that FHIRPath evaluation needs. The engine lists the known
 * types once (for {@code ofType()}, {@code is}, {@code as}) and asks {@code validateCode} for every
 * {@code memberOf()}; HAPI's full worker would load and keep every R4 StructureDefinition (some
 * 100 MiB of heap) for that. So this holds a name-only StructureDefinition per R4 data type and
 * resource, and sends {@code validateCode} to the membership test it is given. What else the
 * engine asks goes to a fallback: a failure for billing rules (a rule must not silently need
 * more), HAPI's full worker, built on first use, for search-parameter indexing. A dynamic proxy,
 * because the interface has some sixty methods of which the engine calls six.
 */
public final class TypeStubWorkerContext {

	private static final String URL = "http://hl7.org/fhir/StructureDefinition/";

	/** Whether a coding or concept is in a value set (the one the host services resolved). */
	public interface Membership {

		boolean holds(ValueSet valueSet, CodeableConcept concept);

	}

	private TypeStubWorkerContext() {
	}

	/** For billing rules: {@code memberOf()} asks {@code membership}, and anything more is refused. */
	public static IWorkerContext over(FhirContext fhirContext, Membership membership) {
		return over(fhirContext, membership, null);
	}

	/**
	 * For HAPI's search-parameter expressions, which need only the type names: should one ever ask
	 * for more, the full worker {@code fallback} gives is built then and answers from there on.
	 */
	public static IWorkerContext withFallback(FhirContext fhirContext, Supplier<IWorkerContext> fallback) {
		return over(fhirContext, null, fallback);
	}

	private static IWorkerContext over(FhirContext fhirContext, Membership membership, Supplier<IWorkerContext> fallback) {
		Map<String, StructureDefinition> types = typeStubs(fhirContext);
		List<StructureDefinition> all = List.copyOf(types.values());
		Map<String, StructureDefinition> byUrl = all.stream()
			.collect(Collectors.toMap(StructureDefinition::getUrl, Function.identity()));
		Supplier<IWorkerContext> full = fallback == null ? null : Suppliers.memoize(fallback::get);
		return (IWorkerContext) Proxy.newProxyInstance(TypeStubWorkerContext.class.getClassLoader(),
				new Class<?>[] { IWorkerContext.class }, (proxy, method, args) -> switch (method.getName()) {
					case "fetchResourcesByType", "allStructures", "getStructures" -> all;
					case "fetchTypeDefinition" -> types.get(args[0]);
					case "getResourceNames" -> all.stream().filter(sd -> sd.getKind() == StructureDefinitionKind.RESOURCE)
						.map(StructureDefinition::getName).toList();
					case "getVersion" -> "4.0.1";
					case "formatMessage", "formatMessagePlural" -> Arrays.stream(args).map(String::valueOf)
						.collect(Collectors.joining(" "));
					case "toString" -> "TypeStubWorkerContext";
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "validateCode" -> {
						if (membership != null) {
							yield validateCode(membership, args);
						}
						yield fallBack(full, method, args);
					}
					// the engine walks a type's base definitions by URL when an expression starts with a type name
					case "fetchResource" -> {
						if (args[0] == StructureDefinition.class && (args[1] == null || byUrl.containsKey(args[1]))) {
							yield args[1] == null ? null : byUrl.get(args[1]);
						}
						yield full == null ? null : fallBack(full, method, args);
					}
					default -> fallBack(full, method, args);
				});
	}

	private static Object fallBack(Supplier<IWorkerContext> full, Method method, Object[] args) throws Throwable {
		if (full == null) {
			throw new UnsupportedOperationException(
					"A billing rule used a FHIRPath feature that needs " + method.getName() + ", which is not available");
		}
		try {
			return method.invoke(full.get(), args);
		}
		catch (InvocationTargetException e) {
			throw e.getCause();
		}
	}

	private static ValidationResult validateCode(Membership membership, Object[] args) {
		if (args.length != 3 || !(args[2] instanceof ValueSet valueSet)) {
			throw new UnsupportedOperationException("memberOf() is supported for a Coding or CodeableConcept only");
		}
		CodeableConcept concept = args[1] instanceof Coding coding ? new CodeableConcept(coding)
				: args[1] instanceof CodeableConcept given ? given : null;
		if (concept == null) {
			throw new UnsupportedOperationException("memberOf() is supported for a Coding or CodeableConcept only");
		}
		return membership.holds(valueSet, concept)
				? new ValidationResult(IssueSeverity.INFORMATION, null, (ConceptDefinitionComponent) null)
				: new ValidationResult(IssueSeverity.ERROR, "not in " + valueSet.getUrl(), (ConceptDefinitionComponent) null);
	}

	/**
	 * A StructureDefinition with only name, type, kind and base for every R4 type HAPI knows. The
	 * base chain (a resource to DomainResource to Resource, a data type to Element) is what lets
	 * an expression start with a base type's name, as {@code Resource.meta.tag} does. The types
	 * come from HAPI's list of the version's model classes, not from its definitions: asking for a
	 * definition scans the class, and scanning all 146 resources took a second of every start-up.
	 */
	static Map<String, StructureDefinition> typeStubs(FhirContext fhirContext) {
		BiFunction<String, String, StructureDefinition> stub = (name, base) -> new StructureDefinition().setName(name)
			.setType(name).setUrl(URL + name).setBaseDefinition(base == null ? null : URL + base)
			.setDerivation(TypeDerivationRule.SPECIALIZATION);
		Map<String, StructureDefinition> types = new TreeMap<>();
		types.put("Resource", stub.apply("Resource", null).setKind(StructureDefinitionKind.RESOURCE).setAbstract(true));
		types.put("DomainResource",
				stub.apply("DomainResource", "Resource").setKind(StructureDefinitionKind.RESOURCE).setAbstract(true));
		types.put("Element", stub.apply("Element", null).setKind(StructureDefinitionKind.COMPLEXTYPE).setAbstract(true));
		modelClasses(fhirContext).forEach((key, type) -> {
			String name = key.substring(key.indexOf('.') + 1);
			if (key.startsWith("resource.")) {
				boolean domain = IDomainResource.class.isAssignableFrom(type);
				types.putIfAbsent(name, stub.apply(name, domain ? "DomainResource" : "Resource").setKind(StructureDefinitionKind.RESOURCE));
			}
			else if (PrimitiveType.class.isAssignableFrom(type)) {
				types.putIfAbsent(name, stub.apply(name, "Element").setKind(StructureDefinitionKind.PRIMITIVETYPE));
			}
			else if (Type.class.isAssignableFrom(type)) {
				types.putIfAbsent(name, stub.apply(name, "Element").setKind(StructureDefinitionKind.COMPLEXTYPE));
			}
		});
		return types;
	}

	/**
	 * HAPI's version file: {@code resource.Patient=...Patient}, {@code datatype.code=...CodeType}, and
	 * for a name with a second class, {@code datatype.code.2=...Enumeration} (left out: one per name).
	 */
	private static Map<String, Class<?>> modelClasses(FhirContext fhirContext) {
		Properties file = new Properties();
		ClassLoader loader = TypeStubWorkerContext.class.getClassLoader();
		try (InputStream in = fhirContext.getVersion().getFhirVersionPropertiesFile()) {
			file.load(in);
			Map<String, Class<?>> classes = new TreeMap<>();
			for (String key : file.stringPropertyNames()) {
				if ((key.startsWith("resource.") || key.startsWith("datatype.")) && key.indexOf('.') == key.lastIndexOf('.')) {
					classes.put(key, Class.forName(file.getProperty(key), false, loader));
				}
			}
			return classes;
		}
		catch (IOException | ClassNotFoundException e) {
			throw new IllegalStateException("HAPI's list of FHIR " + fhirContext.getVersion().getVersion() + " types", e);
		}
	}

}
