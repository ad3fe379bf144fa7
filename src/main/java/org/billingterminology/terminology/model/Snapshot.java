package org.billingterminology.terminology.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.NamingSystem.NamingSystemIdentifierType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * An immutable view of every CodeSystem, ValueSet, ConceptMap and NamingSystem the server knows.
 * Requests read one snapshot from start to end, so a concurrent content change never shows them
 * half of it. Resources sent inside a request (tx-resource) are laid over it with {@link #with}.
 */
public final class Snapshot {

	private static final Comparator<String> NEWEST_FIRST = Comparator.nullsLast(Snapshot::compareVersions)
		.reversed();

	private static final String CORE = "fhir-core-content";

	/**
	 * Which version answers when none is asked for: ours before FHIR's core copy (4.0.1's, older
	 * than what a client sends or an operator imports whatever its version says), then the newest
	 * that is not a fragment (an imported release), and only when there is none the newest fragment.
	 */
	private static final Comparator<CodeSystemIndex> ANSWERS_FIRST = Comparator
		.comparing((CodeSystemIndex index) -> isCore(index.resource()))
		.thenComparing(index -> index.resource().getContent() == CodeSystem.CodeSystemContentMode.FRAGMENT)
		.thenComparing(CodeSystemIndex::version, NEWEST_FIRST);

	/** Marks a resource as FHIR's own core content, hosted read-only beside what is stored. */
	public static void markCore(Resource resource) {
		resource.setUserData(CORE, Boolean.TRUE);
	}

	public static boolean isCore(Resource resource) {
		return resource.getUserData(CORE) != null;
	}

	private final Map<String, List<CodeSystemIndex>> codeSystems;

	private final Map<String, List<ValueSet>> valueSets;

	/** Supplements (content = supplement) by their own url, newest first: not code systems of their own. */
	private final Map<String, List<CodeSystem>> supplements;

	private final List<ConceptMap> conceptMaps;

	private final Map<String, String> systemAliases;

	private final Map<String, Resource> byId;

	private final List<Resource> resources;

	/** Every CodeSystem's index, so that a snapshot laid over this one re-indexes only what a request brings. */
	private final Map<CodeSystem, CodeSystemIndex> indexes = new IdentityHashMap<>();

	private Snapshot(List<Resource> resources, Map<CodeSystem, CodeSystemIndex> known) {
		this.resources = List.copyOf(resources);
		Map<String, List<CodeSystemIndex>> codeSystems = new HashMap<>();
		Map<String, List<ValueSet>> valueSets = new HashMap<>();
		Map<String, List<CodeSystem>> supplements = new HashMap<>();
		List<ConceptMap> conceptMaps = new ArrayList<>();
		Map<String, String> aliases = new HashMap<>();
		Map<String, Resource> byId = new HashMap<>();
		for (Resource resource : resources) {
			if (resource.hasIdElement() && resource.getIdElement().hasIdPart()) {
				byId.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
			}
			if (resource instanceof CodeSystem codeSystem && codeSystem.hasUrl()
					&& codeSystem.getContent() == CodeSystem.CodeSystemContentMode.SUPPLEMENT) {
				supplements.computeIfAbsent(codeSystem.getUrl(), k -> new ArrayList<>()).add(codeSystem);
			}
			else if (resource instanceof CodeSystem codeSystem && codeSystem.hasUrl()) {
				CodeSystemIndex index = known.containsKey(codeSystem) ? known.get(codeSystem) : CodeSystemIndex.of(codeSystem);
				indexes.put(codeSystem, index);
				addVersion(codeSystems, codeSystem.getUrl(), index);
			}
			else if (resource instanceof ValueSet valueSet && valueSet.hasUrl()) {
				valueSets.computeIfAbsent(valueSet.getUrl(), k -> new ArrayList<>()).add(valueSet);
			}
			else if (resource instanceof ConceptMap conceptMap) {
				conceptMaps.add(conceptMap);
			}
			else if (resource instanceof NamingSystem namingSystem) {
				addAliases(namingSystem, aliases);
			}
		}
		codeSystems.values().forEach(list -> list.sort(ANSWERS_FIRST));
		valueSets.values().forEach(list -> list.sort(Comparator.comparing((ValueSet vs) -> isCore(vs))
			.thenComparing(ValueSet::getVersion, NEWEST_FIRST)));
		supplements.values().forEach(list -> list.sort(Comparator.comparing(CodeSystem::getVersion, NEWEST_FIRST)));
		this.supplements = supplements;
		this.codeSystems = codeSystems;
		this.valueSets = valueSets;
		this.conceptMaps = List.copyOf(conceptMaps);
		this.systemAliases = aliases;
		this.byId = byId;
	}

	public static Snapshot of(Collection<? extends Resource> resources) {
		return new Snapshot(new ArrayList<>(resources), Map.of());
	}

	/** A snapshot of the given resources that reuses this one's index of every code system object it shares. */
	public Snapshot rebuiltWith(Collection<? extends Resource> resources) {
		return new Snapshot(new ArrayList<>(resources), indexes);
	}

	/** This snapshot with the given resources added; a supplied resource wins over a stored one with the same url and version. */
	public Snapshot with(Collection<? extends Resource> supplied) {
		if (supplied.isEmpty()) {
			return this;
		}
		List<Resource> merged = new ArrayList<>(supplied);
		// one pass over what the server holds (thousands, with FHIR's core content), not one per supplied resource
		Set<String> shadowed = new HashSet<>();
		for (Resource resource : supplied) {
			String canonical = canonical(resource);
			if (canonical != null) {
				shadowed.add(resource.fhirType() + " " + canonical);
			}
		}
		for (Resource resource : resources) {
			String canonical = shadowed.isEmpty() ? null : canonical(resource);
			if (canonical == null || !shadowed.contains(resource.fhirType() + " " + canonical)) {
				merged.add(resource);
			}
		}
		return new Snapshot(merged, indexes);
	}

	private static String canonical(Resource resource) {
		if (resource instanceof CodeSystem || resource instanceof ValueSet || resource instanceof ConceptMap) {
			MetadataResource metadata = (MetadataResource) resource;
			return metadata.hasUrl() ? metadata.getUrl() + "|" + metadata.getVersion() : null;
		}
		return null;
	}

	private static void addVersion(Map<String, List<CodeSystemIndex>> codeSystems, String url, CodeSystemIndex index) {
		List<CodeSystemIndex> versions = codeSystems.computeIfAbsent(url, k -> new ArrayList<>());
		versions.removeIf(existing -> String.valueOf(existing.version()).equals(String.valueOf(index.version())));
		versions.add(index);
	}

	/** A NamingSystem's non-preferred uri identifiers are aliases of its preferred one. */
	private static void addAliases(NamingSystem namingSystem, Map<String, String> aliases) {
		Optional<String> preferred = namingSystem.getUniqueId()
			.stream()
			.filter(id -> id.getType() == NamingSystemIdentifierType.URI && id.getPreferred())
			.map(NamingSystem.NamingSystemUniqueIdComponent::getValue)
			.findFirst();
		preferred.ifPresent(canonical -> namingSystem.getUniqueId()
			.stream()
			.filter(id -> id.getType() == NamingSystemIdentifierType.URI && !id.getPreferred())
			.forEach(alias -> aliases.put(alias.getValue(), canonical)));
	}

	/** The canonical url for a system url, following NamingSystem aliases. */
	public String canonicalSystem(String system) {
		return system == null ? null : systemAliases.getOrDefault(system, system);
	}

	public Optional<CodeSystemIndex> codeSystem(String system, String version) {
		List<CodeSystemIndex> versions = codeSystems.get(canonicalSystem(system));
		if (versions == null || versions.isEmpty()) {
			return Optional.empty();
		}
		if (version == null || version.isEmpty()) {
			return Optional.of(versions.get(0));
		}
		return versions.stream().filter(index -> version.equals(index.version())).findFirst();
	}

	/**
	 * The version of a code system that a version or pattern names: an exact version, or (when
	 * wildcards are allowed) the newest version matching a pattern such as 1.0.x. No version
	 * means the newest.
	 */
	public Optional<CodeSystemIndex> resolveVersion(String system, String version, boolean allowWildcard) {
		if (version == null || version.isEmpty()) {
			return codeSystem(system, null);
		}
		Optional<CodeSystemIndex> exact = codeSystem(system, version);
		if (exact.isPresent() || !allowWildcard || !VersionRules.isWildcard(version)) {
			return exact;
		}
		return codeSystems(system).stream().filter(index -> VersionRules.matches(index.version(), version)).findFirst();
	}

	/** The versions of a code system, oldest first, for messages. */
	public List<String> knownVersions(String system) {
		List<String> versions = new ArrayList<>(versionsOf(system));
		versions.sort(NEWEST_FIRST.reversed());
		return versions;
	}

	/** A supplement by canonical (url, or url|version). */
	public Optional<CodeSystem> supplement(String canonical) {
		int bar = canonical.indexOf('|');
		String url = bar < 0 ? canonical : canonical.substring(0, bar);
		String version = bar < 0 ? null : canonical.substring(bar + 1);
		return supplements.getOrDefault(url, List.of())
			.stream()
			.filter(s -> version == null || version.equals(s.getVersion()))
			.findFirst();
	}

	public boolean isSupplement(String system) {
		return supplements.containsKey(system);
	}

	public boolean knowsSystem(String system) {
		return codeSystems.containsKey(canonicalSystem(system));
	}

	public List<String> versionsOf(String system) {
		List<CodeSystemIndex> versions = codeSystems.getOrDefault(canonicalSystem(system), List.of());
		return versions.stream().map(CodeSystemIndex::version).filter(v -> v != null).toList();
	}

	public Collection<List<CodeSystemIndex>> codeSystems() {
		return codeSystems.values();
	}

	/** Every version of one code system, newest first. */
	public List<CodeSystemIndex> codeSystems(String system) {
		return codeSystems.getOrDefault(canonicalSystem(system), List.of());
	}

	public Collection<List<ValueSet>> valueSets() {
		return valueSets.values();
	}

	public List<ConceptMap> conceptMaps() {
		return conceptMaps;
	}

	/** A ValueSet by canonical; the canonical may carry its version after '|'. */
	public Optional<ValueSet> valueSet(String canonical, String version) {
		if (canonical == null) {
			return Optional.empty();
		}
		String url = canonical;
		String wanted = version;
		int bar = canonical.indexOf('|');
		if (bar >= 0) {
			url = canonical.substring(0, bar);
			wanted = wanted == null ? canonical.substring(bar + 1) : wanted;
		}
		List<ValueSet> versions = valueSets.get(url);
		if (versions == null || versions.isEmpty()) {
			return Optional.empty();
		}
		if (wanted == null || wanted.isEmpty()) {
			return Optional.of(versions.get(0));
		}
		String exact = wanted;
		return versions.stream().filter(vs -> exact.equals(vs.getVersion())).findFirst();
	}

	public Optional<Resource> byId(String type, String id) {
		return Optional.ofNullable(byId.get(type + "/" + id));
	}

	/** Orders versions like 2.10 after 2.9 and 2026 after 2025; falls back to text order. */
	public static int compareVersions(String a, String b) {
		String[] left = a.split("[.\\-]");
		String[] right = b.split("[.\\-]");
		for (int i = 0; i < Math.min(left.length, right.length); i++) {
			int order;
			if (left[i].matches("\\d{1,9}") && right[i].matches("\\d{1,9}")) {
				order = Integer.compare(Integer.parseInt(left[i]), Integer.parseInt(right[i]));
			}
			else {
				order = left[i].compareTo(right[i]);
			}
			if (order != 0) {
				return order;
			}
		}
		return Integer.compare(left.length, right.length);
	}

}
