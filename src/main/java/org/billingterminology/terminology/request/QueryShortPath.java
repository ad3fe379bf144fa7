package org.billingterminology.terminology.request;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import org.billingterminology.http.ShortPaths.ShortPath;
import org.billingterminology.jsonanswers.ParametersJson;
import org.hl7.fhir.r4.model.Parameters;

/**
 * A plain GET of a terminology operation answered before HAPI's RestfulServer (http's ShortPaths):
 * the query read as a {@link QueryCall} with these parameter names, the operation's own method
 * called with the parameters HAPI's binding would give it, and the answer written by
 * {@link ParametersJson}. A query it does not read, a failure, or an answer the writer does not
 * know is left to HAPI's path, which answers it (and its error) as always.
 */
public record QueryShortPath(String path, Set<String> single, Set<String> repeatable,
		Function<QueryCall, Parameters> operation) implements ShortPath {

	@Override
	public boolean answersGet() {
		return true;
	}

	@Override
	public byte[] answer(Map<String, String[]> query, HttpServletRequest request) {
		QueryCall call = QueryCall.of(query, request, single, repeatable);
		if (call == null) {
			return null;
		}
		try {
			return ParametersJson.encode(operation.apply(call));
		}
		catch (RuntimeException e) {
			// HAPI's path computes it again and answers with its own error
			return null;
		}
	}

}
