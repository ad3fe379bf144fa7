package org.billingterminology.terminology.lookup;

import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.billingterminology.http.ShortPaths.ShortPath;
import org.billingterminology.jsonanswers.ParametersJson;
import org.billingterminology.terminology.request.QueryCall;

import org.springframework.stereotype.Component;

/**
 * A plain GET CodeSystem/$lookup answered before HAPI's RestfulServer (http's ShortPaths): the
 * same {@link LookupOperations#lookup} with the parameters HAPI's binding would give it, written
 * by {@link ParametersJson}. A failure, or a query it does not read, is left to HAPI's path,
 * which answers it (and its error) as always.
 */
@Component
class LookupShortPath implements ShortPath {

	private static final Set<String> SINGLE = Set.of("code", "system", "version", "displayLanguage");

	private static final Set<String> REPEATABLE = Set.of("property");

	private final LookupOperations operations;

	LookupShortPath(LookupOperations operations) {
		this.operations = operations;
	}

	@Override
	public String path() {
		return "/fhir/CodeSystem/$lookup";
	}

	@Override
	public boolean answersGet() {
		return true;
	}

	@Override
	public byte[] answer(Map<String, String[]> query, HttpServletRequest request) {
		QueryCall call = QueryCall.of(query, request, SINGLE, REPEATABLE);
		if (call == null) {
			return null;
		}
		try {
			return ParametersJson.encode(operations.lookup(call.code("code"), call.uri("system"), call.string("version"),
					null, call.code("displayLanguage"), call.codes("property"), call.details()));
		}
		catch (RuntimeException e) {
			// HAPI's path computes it again and answers with its own error
			return null;
		}
	}

}
