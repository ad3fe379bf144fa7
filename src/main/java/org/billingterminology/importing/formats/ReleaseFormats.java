package org.billingterminology.importing.formats;

import java.util.List;
import java.util.Locale;

import org.hl7.fhir.r4.model.CodeSystem;

/** The reader for a system's release files: CMS's HCPCS file, the AMA's CPT files, or HAPI's custom CSV for any other. */
public final class ReleaseFormats {

	public static final String HCPCS = HcpcsRelease.URL;

	public static final String CPT = CptRelease.URL;

	private ReleaseFormats() {
	}

	/** One complete CodeSystem from the files; an {@link ImportFailure} names the file and line that do not fit. */
	public static CodeSystem read(String url, String version, List<ReleaseFile> files, ImportProgress progress) {
		String plain = url.toLowerCase(Locale.ROOT).replaceFirst("^https://", "http://");
		if (plain.equals(HcpcsRelease.URL.toLowerCase(Locale.ROOT))) {
			ReleaseFile file = HcpcsRelease.pick(files);
			return HcpcsRelease.read(file, HcpcsRelease.version(file, version), progress);
		}
		if (plain.equals(CptRelease.URL)) {
			return CptRelease.read(files, version, progress);
		}
		return CustomCsvRelease.read(url, version == null || version.isBlank() ? null : version.trim(), files, progress);
	}

}
