package org.billingterminology.slowclients;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * After a request whose body was given up on (see {@link SlowClients}), tells Tomcat not to read
 * the rest of it. Tomcat otherwise reads ("swallows") an unread body to the end after the answer,
 * on the worker thread, so that it can reuse the connection: for a body trickling in a byte a
 * second that would hold the thread as long as the refused request did. The connection is
 * closed instead. A servlet filter cannot say this; a valve sees Tomcat's own request.
 */
public final class AbandonedBodies extends ValveBase {

	/** Request attribute a filter sets when it stopped reading the body before its end. */
	static final String ATTRIBUTE = AbandonedBodies.class.getName();

	public AbandonedBodies() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		try {
			getNext().invoke(request, response);
		}
		finally {
			if (request.getAttribute(ATTRIBUTE) != null) {
				request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
			}
		}
	}

}
