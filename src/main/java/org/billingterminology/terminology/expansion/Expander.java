package org.billingterminology.terminology.expansion;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.billingterminology.terminology.model.Failures;
import org.billingterminology.terminology.model.Snapshot;
import org.billingterminology.terminology.request.AnswerOptions;
import org.billingterminology.terminology.request.OperationRequest;
import org.billingterminology.terminology.valueset.ExpansionItem;
import org.billingterminology.terminology.valueset.TextFilter;
import org.billingterminology.terminology.valueset.ValueSetContents;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionComponent;

/**
 * Builds the answer to $expand: the value set's members after activeOnly, filter and paging, each
 * listed by {@link ContainsEntries}, and the expansion's parameters ({@link ExpansionParameters}).
 * Expansions are nested as the code system's hierarchy where {@link NestedContains} says so.
 */
final class Expander {

	static final String EXPANSION_PROPERTY = "http://hl7.org/fhir/5.0/StructureDefinition/extension-ValueSet.expansion.property";

	private final OperationRequest request;

	private final Snapshot snapshot;

	private final AnswerOptions options;

	/** The AMA licenses CPT content on terms that cap what one expansion may show. */
	static final String CPT = "http://www.ama-assn.org/go/cpt";

	private final int maxSize;

	private final int licensedCap;

	Expander(OperationRequest request, int maxSize, int licensedCap) {
		this.request = request;
		this.snapshot = request.snapshot();
		this.options = request.options();
		this.maxSize = maxSize;
		this.licensedCap = licensedCap;
	}

	ValueSet expand(ValueSet valueSet, int offset, int count) {
		TextFilter filter = TextFilter.of(options.string("filter"));
		boolean paged = count >= 0 || filter != null;
		ValueSetContents contents = new ValueSetContents(snapshot, paged ? Integer.MAX_VALUE : maxSize, options.versions())
			.onlyMatching(filter);
		List<ExpansionItem> members = contents.members(valueSet);
		if (options.activeOnly()) {
			members.removeIf(ExpansionItem::inactive);
		}
		if (filter != null) {
			members.removeIf(item -> !filter.matches(item.code(), item.display()));
		}
		refuseBeyondLicensedCap(members, offset, count);
		int to = count < 0 ? members.size() : (int) Math.min(members.size(), (long) offset + count);
		List<ExpansionItem> page = offset >= members.size() ? List.of() : members.subList(offset, to);

		ValueSet result = header(valueSet);
		if (options.flag("includeDefinition", false)) {
			// R4: includeDefinition asks for the value set's definition (its compose) with the expansion
			result.setCompose(valueSet.getCompose().copy());
		}
		ValueSetExpansionComponent expansion = result.getExpansion();
		expansion.setIdentifier("urn:uuid:" + UUID.randomUUID());
		expansion.setTimestamp(new Date());
		expansion.setTotal(members.size());
		if (options.input().has("offset") || offset > 0) {
			expansion.setOffset(offset);
		}
		new ExpansionParameters(options).addTo(expansion, contents, valueSet);
		request.usedSupplements()
			.forEach(s -> expansion.addParameter().setName("used-supplement").setValue(new UriType(s)));
		ContainsEntries entries = new ContainsEntries(options.displayLanguage(), options.flag("includeDesignations", false),
				options.strings("property"), options.input().strings("designation"));
		Set<String> versioned = systemsNeedingVersions(valueSet, members);
		List<ValueSet.ValueSetExpansionContainsComponent> listed = new ArrayList<>(page.size());
		for (ExpansionItem item : page) {
			listed.add(entries.entry(item, versioned.contains(item.system())));
		}
		boolean nested = NestedContains.applies(valueSet, options.flag("excludeNested", false), filter != null,
				count >= 0 || offset > 0) && NestedContains.nest(expansion, page, listed);
		if (!nested) {
			listed.forEach(expansion::addContains);
		}
		entries.declared().forEach((code, uri) -> {
			Extension property = expansion.addExtension().setUrl(EXPANSION_PROPERTY);
			property.addExtension("code", new CodeType(code));
			property.addExtension("uri", new UriType(uri));
		});
		return result;
	}

	/**
	 * Licensed CPT (an imported release, not the project's own fragment) is shown at most
	 * licensedCap codes per expansion: a larger one is too costly, unless the page asked for lies
	 * within the first licensedCap codes.
	 */
	private void refuseBeyondLicensedCap(List<ExpansionItem> members, int offset, int count) {
		long licensed = members.stream().filter(Expander::isLicensedCpt).count();
		boolean pageWithinCap = count >= 0 && (long) offset + count <= licensedCap;
		if (licensed > licensedCap && !pageWithinCap) {
			throw Failures.unprocessable(IssueType.TOOCOSTLY, "too-costly", "The expansion holds " + licensed
					+ " codes of licensed CPT, more than the " + licensedCap + " that one expansion may show under the"
					+ " AMA's terms (terminology.licensed-expansion-cap); page through the first " + licensedCap
					+ " with count and offset, or narrow the value set or the filter");
		}
	}

	/** A code of an imported CPT release (the item knows its code system), not of the project's own fragment. */
	private static boolean isLicensedCpt(ExpansionItem item) {
		return CPT.equals(item.system()) && item.codeSystem() != null
				&& item.codeSystem().resource().getContent() != CodeSystem.CodeSystemContentMode.FRAGMENT;
	}

	private static ValueSet header(ValueSet valueSet) {
		ValueSet result = new ValueSet();
		result.setId(valueSet.getIdElement().getIdPart());
		result.setUrl(valueSet.getUrl());
		result.setVersion(valueSet.getVersion());
		result.setName(valueSet.getName());
		result.setTitle(valueSet.getTitle());
		result.setStatus(valueSet.getStatus());
		if (valueSet.hasExperimental()) {
			result.setExperimental(valueSet.getExperimental());
		}
		if (valueSet.hasDate()) {
			result.setDateElement(valueSet.getDateElement());
		}
		result.setPublisher(valueSet.getPublisher());
		result.setLanguage(valueSet.getLanguage());
		// the value set's standards status is reported as a warning-[status] parameter instead
		valueSet.getExtension()
			.stream()
			.filter(e -> !ExpansionItem.STANDARDS_STATUS.equals(e.getUrl()))
			.forEach(e -> result.addExtension(e.copy()));
		return result;
	}

	/**
	 * The systems whose codes carry their version in the expansion: those the value set includes in
	 * more than one version (by its includes, or by the versions the codes came from).
	 */
	private static Set<String> systemsNeedingVersions(ValueSet valueSet, List<ExpansionItem> members) {
		Map<String, Set<String>> declared = new HashMap<>();
		if (valueSet.hasCompose()) {
			List<ConceptSetComponent> sets = new ArrayList<>(valueSet.getCompose().getInclude());
			sets.addAll(valueSet.getCompose().getExclude());
			for (ConceptSetComponent set : sets) {
				if (set.hasSystem()) {
					declared.computeIfAbsent(set.getSystem(), k -> new HashSet<>()).add(String.valueOf(set.getVersion()));
				}
			}
		}
		Map<String, Set<String>> actual = new HashMap<>();
		members.forEach(item -> actual.computeIfAbsent(item.system(), k -> new HashSet<>()).add(String.valueOf(item.version())));
		Set<String> systems = new HashSet<>();
		declared.forEach((system, versions) -> {
			if (versions.size() > 1) {
				systems.add(system);
			}
		});
		actual.forEach((system, versions) -> {
			if (versions.size() > 1) {
				systems.add(system);
			}
		});
		return systems;
	}

}
