package org.billingterminology.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ca.uhn.fhir.util.UrlUtil;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.billingterminology.slowclients.ArrivedBody;

/** The request with its body already read: HAPI (and a form's parameters) read it from memory. */
final class BufferedBodyRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private final Map<String, String[]> parameters;

	BufferedBodyRequest(HttpServletRequest request, byte[] body) {
		super(request);
		this.body = body;
		boolean form = request.getContentType().toLowerCase(Locale.ROOT)
			.startsWith("application/x-www-form-urlencoded");
		this.parameters = form ? UrlUtil.parseQueryStrings(request.getQueryString() == null ? "" : request.getQueryString(),
				new String(body, StandardCharsets.UTF_8)) : null;
	}

	@Override
	public ServletInputStream getInputStream() {
		return ArrivedBody.streamOf(body);
	}

	@Override
	public int getContentLength() {
		return body.length;
	}

	@Override
	public long getContentLengthLong() {
		return body.length;
	}

	/** The body is decoded here, so nothing downstream should decode it again. */
	@Override
	public String getHeader(String name) {
		return "Content-Encoding".equalsIgnoreCase(name) ? null
				: "Content-Length".equalsIgnoreCase(name) ? String.valueOf(body.length) : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		String value = getHeader(name);
		return value == null ? Collections.emptyEnumeration()
				: "Content-Length".equalsIgnoreCase(name) ? Collections.enumeration(List.of(value))
						: super.getHeaders(name);
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return parameters != null ? parameters : super.getParameterMap();
	}

	@Override
	public String getParameter(String name) {
		if (parameters == null) {
			return super.getParameter(name);
		}
		String[] values = parameters.get(name);
		return values == null || values.length == 0 ? null : values[0];
	}

	@Override
	public String[] getParameterValues(String name) {
		return parameters != null ? parameters.get(name) : super.getParameterValues(name);
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return parameters != null ? Collections.enumeration(parameters.keySet()) : super.getParameterNames();
	}

}
