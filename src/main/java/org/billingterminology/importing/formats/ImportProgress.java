package org.billingterminology.importing.formats;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress of one long import in the log: records read, and how fast, every so many records. */
public final class ImportProgress {

	private static final Logger log = LoggerFactory.getLogger(ImportProgress.class);

	private static final int EVERY = 20_000;

	private final String what;

	private final long started = System.nanoTime();

	/** Written by the importing thread only; volatile for the gauge that reads it. */
	private volatile long records;

	public ImportProgress(String what) {
		this.what = what;
	}

	void read() {
		records++;
		if (records % EVERY == 0) {
			log.info("Importing {}: {} records read, {} a second", what, records, perSecond());
		}
	}

	public long records() {
		return records;
	}

	public long perSecond() {
		double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
		return Math.round(records / seconds);
	}

	public long millis() {
		return (System.nanoTime() - started) / 1_000_000;
	}

}
