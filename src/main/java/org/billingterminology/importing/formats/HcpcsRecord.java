package org.billingterminology.importing.formats;

import java.util.ArrayList;
import java.util.List;

/** One 320-character record of the HCPCS fixed-width file; columns are 1-based as CMS gives them. */
record HcpcsRecord(ReleaseFile file, int line, String text) {

	static HcpcsRecord of(ReleaseFile file, int line, String text) {
		HcpcsRecord record = new HcpcsRecord(file, line, text);
		String kind = record.kind();
		if (!List.of("3", "4", "7", "8").contains(kind)) {
			throw file.at(line, "record identification (column 11) is '" + kind
					+ "', not 3, 4, 7 or 8: this is not the HCPCS fixed-width layout");
		}
		if (record.code().isEmpty() || !record.code().matches("[A-Z0-9]{2,5}")) {
			throw file.at(line, "columns 1-5 hold '" + record.code() + "', not a HCPCS code or modifier");
		}
		if (!text.substring(5, 10).trim().matches("\\d+")) {
			throw file.at(line, "the sequence number (columns 6-10) is '" + text.substring(5, 10).trim() + "', not a number");
		}
		return record;
	}

	String field(int from, int to) {
		return text.substring(from - 1, to).trim();
	}

	String code() {
		return field(1, 5);
	}

	int sequence() {
		return Integer.parseInt(field(6, 10));
	}

	String kind() {
		return field(11, 11);
	}

	boolean isFirst() {
		return kind().equals("3") || kind().equals("7");
	}

	boolean isModifier() {
		return kind().equals("7") || kind().equals("8");
	}

	String longDescription() {
		return field(12, 91);
	}

	/** Several fixed-width values in a row (four pricing indicators of two characters, say). */
	List<String> repeated(int from, int width, int times) {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			String value = field(from + i * width, from + (i + 1) * width - 1);
			if (!value.isEmpty()) {
				values.add(value);
			}
		}
		return values;
	}

	/** A YYYYMMDD date as an ISO date, or null when blank. */
	String date(int from, String what) {
		String value = field(from, from + 7);
		if (value.isEmpty()) {
			return null;
		}
		if (!value.matches("(19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])")) {
			throw file.at(line, "the " + what + " (columns " + from + "-" + (from + 7) + ") is '" + value
					+ "', not a date YYYYMMDD");
		}
		return value.substring(0, 4) + "-" + value.substring(4, 6) + "-" + value.substring(6, 8);
	}

}
