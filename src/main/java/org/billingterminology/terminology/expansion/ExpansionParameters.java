package org.billingterminology.terminology.expansion;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.billingterminology.terminology.model.Canonicals;
import org.billingterminology.terminology.model.CodeSystemIndex;
import org.billingterminology.terminology.request.AnswerOptions;
import org.billingterminology.terminology.valueset.StatusNotes;
import org.billingterminology.terminology.valueset.ValueSetContents;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionComponent;

/**
 * The parameters an expansion reports: the request's own that it repeats, the display language,
 * the version rules that decided a version, the code systems, value sets and supplements used,
 * and warnings for those that are draft, experimental, deprecated or withdrawn.
 */
final class ExpansionParameters {

	/** Request parameters that an expansion repeats, in the order they are read. */
	private static final List<String> ECHOED = List.of("activeOnly", "count", "default-valueset-version", "designation",
			"excludeNested", "filter", "includeDesignations", "offset");

	private static final Set<String> BOOLEANS = Set.of("activeOnly", "excludeNested", "includeDefinition",
			"includeDesignations");

	private static final Set<String> INTEGERS = Set.of("count", "offset");

	private final AnswerOptions options;

	ExpansionParameters(AnswerOptions options) {
		this.options = options;
	}

	void addTo(ValueSetExpansionComponent expansion, ValueSetContents contents, ValueSet expanded) {
		for (String name : ECHOED) {
			for (String value : options.input().strings(name)) {
				expansion.addParameter().setName(name).setValue(typed(name, value));
			}
		}
		String language = options.displayLanguageText();
		if (language != null) {
			expansion.addParameter().setName("displayLanguage").setValue(new CodeType(language));
		}
		contents.appliedRules().forEach((name, rules) -> rules.forEach(
				(system, version) -> expansion.addParameter().setName(name).setValue(new UriType(Canonicals.of(system, version)))));
		for (CodeSystemIndex used : contents.usedCodeSystems().values()) {
			String canonical = Canonicals.of(used.url(), used.version());
			expansion.addParameter().setName("used-codesystem").setValue(new UriType(canonical));
			if (used.resource().getContent() == CodeSystemContentMode.FRAGMENT) {
				expansion.addParameter().setName("used-fragment").setValue(new UriType(canonical));
				expansion.addExtension("http://hl7.org/fhir/StructureDefinition/valueset-unclosed", new BooleanType(true));
				expansion.addExtension("http://hl7.org/fhir/StructureDefinition/valueset-unclosed-reason",
						new StringType("This extension is based on a fragment of the code system " + used.url()));
			}
		}
		contents.usedValueSets()
			.keySet()
			.forEach(canonical -> expansion.addParameter().setName("used-valueset").setValue(new UriType(canonical)));
		List<MetadataResource> used = new ArrayList<>();
		used.add(expanded);
		contents.usedCodeSystems().values().forEach(codeSystem -> used.add(codeSystem.resource()));
		used.addAll(contents.usedValueSets().values());
		StatusNotes.of(used).forEach((status, canonicals) -> canonicals
			.forEach(canonical -> expansion.addParameter().setName("warning-" + status).setValue(new UriType(canonical))));
		if (contents.versionsMatched()) {
			expansion.addParameter().setName("versionsMatch").setValue(new BooleanType(true));
		}
	}

	private static Type typed(String name, String value) {
		if ("default-valueset-version".equals(name)) {
			return new UriType(value);
		}
		if (BOOLEANS.contains(name)) {
			return new BooleanType(value);
		}
		if (INTEGERS.contains(name)) {
			return new IntegerType(value);
		}
		return new StringType(value);
	}

}
