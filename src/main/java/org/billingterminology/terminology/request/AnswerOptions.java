package org.billingterminology.terminology.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.billingterminology.terminology.model.LanguagePreference;
import org.billingterminology.terminology.model.VersionRules;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * How one $validate-code or $expand request asks to be answered, beyond which codes: display
 * language, active codes only, version rules, designations and properties wanted. A value set may
 * carry defaults for these (the valueset-expansion-parameter extension on its compose); a request
 * parameter overrides them.
 */
public final class AnswerOptions {

	public static final String EXPANSION_PARAMETER = "http://hl7.org/fhir/StructureDefinition/valueset-expansion-parameter";

	private final OperationInput input;

	private final Map<String, String> valueSetDefaults = new LinkedHashMap<>();

	private final VersionRules versions;

	private AnswerOptions(OperationInput input) {
		this.input = input;
		this.versions = VersionRules.of(input::strings);
	}

	public static AnswerOptions of(OperationInput input) {
		return new AnswerOptions(input);
	}

	private String valueSetLanguage;

	/** Takes the value set's own expansion parameters (and its language, for displays) as defaults. */
	public AnswerOptions withDefaultsFrom(ValueSet valueSet) {
		if (valueSet != null && valueSet.hasLanguage()) {
			valueSetLanguage = valueSet.getLanguage();
		}
		if (valueSet != null && valueSet.hasCompose()) {
			for (Extension extension : valueSet.getCompose().getExtension()) {
				if (EXPANSION_PARAMETER.equals(extension.getUrl())) {
					Extension name = extension.getExtensionByUrl("name");
					Extension value = extension.getExtensionByUrl("value");
					if (name != null && value != null && value.getValue() != null) {
						valueSetDefaults.putIfAbsent(name.getValue().primitiveValue(), value.getValue().primitiveValue());
					}
				}
			}
		}
		return this;
	}

	public String string(String name) {
		String value = input.string(name);
		return value != null ? value : valueSetDefaults.get(name);
	}

	public boolean flag(String name, boolean otherwise) {
		String value = string(name);
		return value == null ? otherwise : Boolean.parseBoolean(value);
	}

	public List<String> strings(String name) {
		List<String> values = new ArrayList<>(input.strings(name));
		if (values.isEmpty() && valueSetDefaults.containsKey(name)) {
			values.add(valueSetDefaults.get(name));
		}
		return values;
	}

	/**
	 * The display language: the parameter, else the value set's default expansion parameter, else
	 * Accept-Language, else the value set's own language.
	 */
	public LanguagePreference displayLanguage() {
		return LanguagePreference.parse(displayLanguageText());
	}

	/** The display language as asked for, for echoing it: null when nothing asked for one. */
	public String displayLanguageText() {
		String value = string("displayLanguage");
		if (value != null) {
			return value;
		}
		return input.acceptLanguage() != null ? input.acceptLanguage() : valueSetLanguage;
	}

	public VersionRules versions() {
		return versions;
	}

	public boolean activeOnly() {
		return flag("activeOnly", false);
	}

	public boolean lenientDisplay() {
		return flag("lenient-display-validation", false);
	}

	public boolean membershipOnly() {
		return flag("valueset-membership-only", false);
	}

	public OperationInput input() {
		return input;
	}

}
