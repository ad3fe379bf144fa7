package org.billingterminology.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Lets one server process at a time start on a shared database. Taken before Hibernate updates the
 * schema and released when the content folder is loaded, it covers every start-up step that writes:
 * the schema update (two processes would both create the same tables), HAPI's first-start seeding
 * of its resource-type table (a unique key), and the content load (two processes would both create
 * the same resources). A process that starts while another holds it waits, then finds the schema
 * and the content in place and writes nothing.
 * <p>
 * On PostgreSQL this is a session-level advisory lock on one pooled connection, so a process that
 * dies holding it releases it with its connection. Other databases get no lock: H2, the default,
 * serves a single process.
 */
@Component
public class StartupLock {

	private static final Logger log = LoggerFactory.getLogger(StartupLock.class);

	/** Any constant works as long as every process uses the same one: "bts" and 1 for start-up. */
	private static final long KEY = 0x6274_7300_0000_0001L;

	private final DataSource dataSource;

	private Connection holder;

	StartupLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Blocks until no other process is starting on this database; does nothing if already held. */
	public synchronized void acquire() {
		if (holder != null) {
			return;
		}
		try {
			Connection connection = dataSource.getConnection();
			if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
				connection.close();
				return;
			}
			long start = System.nanoTime();
			if (!tryLock(connection)) {
				log.info("Waiting for another server process to finish starting on this database");
				execute(connection, "select pg_advisory_lock(?)");
				log.info("The other server process has started; went on after {} ms", (System.nanoTime() - start) / 1_000_000);
			}
			holder = connection;
		}
		catch (SQLException e) {
			throw new IllegalStateException("Could not take the start-up lock on the database", e);
		}
	}

	/** Lets the next process start; does nothing if not held. */
	@PreDestroy
	public synchronized void release() {
		if (holder == null) {
			return;
		}
		try (Connection connection = holder) {
			holder = null;
			execute(connection, "select pg_advisory_unlock(?)");
		}
		catch (SQLException e) {
			// closing the connection ends the session, which releases the lock anyway
			log.warn("Could not release the start-up lock cleanly: {}", e.getMessage());
		}
	}

	private static boolean tryLock(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
			statement.setLong(1, KEY);
			try (var result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, KEY);
			statement.execute();
		}
	}

}
