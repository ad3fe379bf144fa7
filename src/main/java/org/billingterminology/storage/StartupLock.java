package org.billingterminology.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Lets one server process at a time through the start-up steps that write to a shared database.
 * Two phases take it: the schema phase, from before Hibernate updates the schema until HAPI has
 * seeded its resource-type table ({@link SchemaSeeded}) — two processes would both create the same
 * tables and both insert the same unique resource types — and the content phase, the whole content
 * load, as two processes would both create the same resources. A process that arrives while
 * another holds it waits, then finds the work done and writes nothing. Between the phases,
 * processes start in parallel.
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

	/**
	 * Blocks until no other process is in a start-up step on this database; does nothing if held.
	 *
	 * @param step what this process is about to do, for the log
	 */
	public synchronized void acquire(String step) {
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
				log.info("Before the {}: waiting for another server process's start-up step on this database", step);
				execute(connection, "select pg_advisory_lock(?)");
				log.info("Went on with the {} after waiting {} ms", step, (System.nanoTime() - start) / 1_000_000);
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
