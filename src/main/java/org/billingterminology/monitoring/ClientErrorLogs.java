package org.billingterminology.monitoring;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * HAPI 8.8 logs every exception an interceptor throws at ERROR with its stack trace, refusals of
 * bad requests included (a write without the admin token, a bad _format): some seventy lines for a
 * client's mistake. Those are dropped here; HAPI's ExceptionHandlingInterceptor still logs each one
 * in one line at WARN, and our access log has its status. A real fault (5xx) is logged as before.
 */
final class ClientErrorLogs extends TurboFilter {

	static final String INTERCEPTOR_SERVICE = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		// SLF4J passes an exception after the format's arguments as the last argument, not as t
		Throwable error = t != null || params == null || params.length == 0 ? t
				: params[params.length - 1] instanceof Throwable last ? last : null;
		if (level == Level.ERROR && logger.getName().equals(INTERCEPTOR_SERVICE) && isClientError(error)) {
			return FilterReply.DENY;
		}
		return FilterReply.NEUTRAL;
	}

	private static boolean isClientError(Throwable t) {
		return t instanceof BaseServerResponseException response && response.getStatusCode() < 500;
	}

}
