import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Docker HEALTHCHECK probe: exits 0 only when the readiness probe answers 200. Written in Java
 * because the runtime image has a JRE but no curl or wget.
 */
public class HealthCheck {

	public static void main(String[] args) throws Exception {
		String port = System.getenv().getOrDefault("SERVER_PORT", "8080");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(3))
			.build();
		HttpResponse<Void> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
		System.exit(response.statusCode() == 200 ? 0 : 1);
	}

}
