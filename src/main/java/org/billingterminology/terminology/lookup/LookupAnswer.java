package org.billingterminology.terminology.lookup;

import java.util.Set;

import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.model.Displays;
import org.billingterminology.terminology.model.LanguagePreference;
import org.billingterminology.terminology.model.ResolvedCode;
import org.billingterminology.terminology.model.Supplements;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptPropertyComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;

/** The answer to one $lookup: the code's name, display, designations and the properties asked for. */
final class LookupAnswer {

	private final ResolvedCode resolved;

	private final CodeSystemIndex codeSystem;

	private final ConceptDefinitionComponent concept;

	private final LanguagePreference languages;

	/** The properties asked for; null for all. */
	private final Set<String> wanted;

	private final Parameters result = new Parameters();

	LookupAnswer(ResolvedCode resolved, LanguagePreference languages, Set<String> wanted) {
		this.resolved = resolved;
		this.codeSystem = resolved.codeSystem();
		this.concept = resolved.concept();
		this.languages = languages;
		this.wanted = wanted;
	}

	Parameters build() {
		CodeSystem resource = codeSystem.resource();
		result.addParameter("name", new StringType(resource.hasName() ? resource.getName() : resource.getTitle()));
		if (codeSystem.version() != null) {
			result.addParameter("version", new StringType(codeSystem.version()));
		}
		result.addParameter("display", new StringType(Displays.displayFor(resolved, languages)));
		result.addParameter("code", new CodeType(resolved.code()));
		result.addParameter("system", new UriType(codeSystem.url()));
		result.addParameter("abstract", new BooleanType(codeSystem.isAbstract(concept)));
		if (concept.hasDefinition() && !resolved.isExpression()) {
			result.addParameter("definition", new StringType(concept.getDefinition()));
		}
		if (include("designation")) {
			addDesignations(resource);
		}
		addProperties();
		return result;
	}

	private void addDesignations(CodeSystem resource) {
		if (resource.hasLanguage() && !resolved.isExpression()) {
			// the display is the designation preferred for the code system's own language
			addDesignation(resource.getLanguage(), Displays.preferredForLanguage(), concept.getDisplay());
		}
		for (ConceptDefinitionDesignationComponent designation : concept.getDesignation()) {
			ParametersParameterComponent part = addDesignation(designation.getLanguage(),
					designation.hasUse() ? designation.getUse() : null, designation.getValue());
			if (designation.hasExtension(Supplements.SOURCE)) {
				// the designation came from a supplement: say which (before the value, as parts are ordered)
				part.getPart().add(part.getPart().size() - 1, new ParametersParameterComponent().setName("source")
					.setValue(designation.getExtensionByUrl(Supplements.SOURCE).getValue()));
			}
		}
	}

	private void addProperties() {
		boolean declaresInactive = false;
		for (ConceptPropertyComponent property : concept.getProperty()) {
			declaresInactive |= "inactive".equals(property.getCode());
			if (include(property.getCode())) {
				Type value = resolved.isExpression() && "modified".equals(property.getCode()) ? new BooleanType(true)
						: property.getValue();
				addProperty(property.getCode(), value);
			}
		}
		if (!declaresInactive && include("inactive")) {
			addProperty("inactive", new BooleanType(resolved.inactive()));
		}
		for (ConceptDefinitionComponent modifier : resolved.modifiers()) {
			if (include("modifier-code")) {
				addProperty("modifier-code", new Coding(codeSystem.url(), modifier.getCode(), modifier.getDisplay()));
			}
		}
		if (!resolved.isExpression()) {
			if (include("parent")) {
				codeSystem.parentsOf(concept.getCode()).forEach(parent -> addProperty("parent", new CodeType(parent)));
			}
			if (include("child")) {
				codeSystem.childrenOf(concept.getCode()).forEach(child -> addProperty("child", new CodeType(child)));
			}
		}
	}

	private ParametersParameterComponent addDesignation(String language, Coding use, String value) {
		ParametersParameterComponent part = result.addParameter().setName("designation");
		if (language != null) {
			part.addPart().setName("language").setValue(new CodeType(language));
		}
		if (use != null) {
			part.addPart().setName("use").setValue(use);
		}
		part.addPart().setName("value").setValue(new StringType(value));
		return part;
	}

	private boolean include(String property) {
		return wanted == null || wanted.contains(property);
	}

	private void addProperty(String code, Type value) {
		ParametersParameterComponent property = result.addParameter().setName("property");
		property.addPart().setName("code").setValue(new CodeType(code));
		property.addPart().setName("value").setValue(value);
	}

}
