package org.billingterminology;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for the tests: the binaries zonky publishes on Maven Central, unpacked
 * and started once per test JVM on a free loopback port, stopped when the JVM exits. Run as root,
 * zonky starts it in a user namespace, as PostgreSQL refuses to run as root.
 */
public final class TestPostgres {

	/** The superuser zonky's initdb creates, with trust authentication and no password. */
	public static final String USER = "postgres";

	private static EmbeddedPostgres server;

	private static final Set<String> databases = new HashSet<>();

	private TestPostgres() {
	}

	/** Whether this test run is meant to use PostgreSQL: the failsafe execution "postgres" sets the profile. */
	public static boolean selected() {
		return Arrays.asList(System.getProperty("spring.profiles.active", "").split(",")).contains("postgres");
	}

	/** A JDBC url of the named database, created empty the first time it is asked for. */
	public static synchronized String jdbcUrl(String database) {
		try {
			if (server == null) {
				server = EmbeddedPostgres.builder().start();
				EmbeddedPostgres started = server;
				Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started)));
			}
			if (databases.add(database)) {
				try (Connection connection = server.getPostgresDatabase().getConnection();
						Statement statement = connection.createStatement()) {
					statement.execute("create database " + database);
				}
			}
			return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
		}
		catch (IOException | SQLException e) {
			throw new IllegalStateException("Could not start the test PostgreSQL server", e);
		}
	}

	private static void close(EmbeddedPostgres started) {
		try {
			started.close();
		}
		catch (IOException e) {
			// the JVM is exiting; zonky removes what is left on its next start
		}
	}

}
