package org.billingterminology.importing.formats;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;

/** One file of a release as uploaded (or one member of an uploaded zip): its name and bytes. */
public record ReleaseFile(String name, byte[] bytes) {

	/** The file's name without folders, for matching by name. */
	String baseName() {
		String plain = name.replace('\\', '/');
		return plain.substring(plain.lastIndexOf('/') + 1);
	}

	boolean named(String wanted) {
		return baseName().equalsIgnoreCase(wanted);
	}

	boolean endsWith(String suffix) {
		return baseName().toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT));
	}

	/** The file of that name (without folders, any case) among the uploaded ones. */
	static java.util.Optional<ReleaseFile> find(List<ReleaseFile> files, String name) {
		return files.stream().filter(file -> file.named(name)).findFirst();
	}

	/** The lines of a text file, line ends (CRLF or LF) removed. */
	List<String> lines(Charset charset) {
		String text = new String(bytes, charset);
		if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
			text = text.substring(1);
		}
		return List.of(text.split("\r?\n", -1));
	}

	/** An error about this file, naming it and the line (1-based). */
	ImportFailure at(int line, String problem) {
		return new ImportFailure(baseName() + " line " + line + ": " + problem);
	}

}
