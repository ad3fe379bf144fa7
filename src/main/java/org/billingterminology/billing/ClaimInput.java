package org.billingterminology.billing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.billingterminology.terminology.model.Snapshot;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Claim.ItemComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

/**
 * Reads a $billing-check request into one Claim that the rules can judge: either the {@code claim}
 * given, or one built from {@code line} parts. Normalised first, each change said as a note on its
 * line: a system known under another url (the https HCPCS url) becomes the canonical one, a CPT
 * expression {@code 77003:26} in one coding becomes the code and a modifier, a modifier or code
 * without a system gets the system its form implies, and every line gets a date of service.
 */
final class ClaimInput {

	static final String CPT = "http://www.ama-assn.org/go/cpt";

	static final String HCPCS = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

	static final String PLACE_OF_SERVICE = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";

	private static final Pattern CPT_CODE = Pattern.compile("\\d{4}[0-9FTU]");

	private static final Pattern HCPCS_CODE = Pattern.compile("[A-V]\\d{4}");

	private static final Pattern CPT_MODIFIER = Pattern.compile("\\d{2}");

	private static final Pattern HCPCS_MODIFIER = Pattern.compile("[A-Z][A-Z0-9]|[0-9][A-Z]");

	/** A note about the input, on one line ({@code Claim.item[index]...}). */
	record Note(int item, String where, String message) {
	}

	/** The claim to judge, its payer's reference (or null) and what normalising changed. */
	record Checked(Claim claim, String payer, List<Note> notes) {
	}

	private ClaimInput() {
	}

	static Checked read(Parameters parameters, Snapshot snapshot, String today) {
		Claim claim = claim(parameters);
		List<Note> notes = new ArrayList<>();
		String defaultDate = firstDate(parameters.getParameter("date") == null ? null
				: (Type) parameters.getParameter("date").getValue(), "date", claim);
		for (int i = 0; i < claim.getItem().size(); i++) {
			normalise(claim.getItem().get(i), i, snapshot, defaultDate == null ? today : defaultDate, notes);
		}
		if (defaultDate == null && claim.getItem().stream().anyMatch(item -> item.getUserData("dated") != null)) {
			notes.add(new Note(-1, "Claim", "No date of service was given for some lines; they were checked as of " + today));
		}
		Reference payer = parameters.getParameter("payer") != null && parameters.getParameter("payer").getValue() instanceof Reference given
				? given : claim.getInsurer();
		String payerReference = payer.getReferenceElement().hasIdPart()
				? payer.getReferenceElement().toUnqualifiedVersionless().getValue() : null;
		return new Checked(claim, payerReference, notes);
	}

	private static Claim claim(Parameters parameters) {
		ParametersParameterComponent given = parameters.getParameter("claim");
		List<ParametersParameterComponent> lines = parameters.getParameter().stream()
			.filter(p -> "line".equals(p.getName())).toList();
		if (given != null && !lines.isEmpty()) {
			throw new InvalidRequestException("Give either a claim or line parameters, not both");
		}
		if (given != null) {
			if (!(given.getResource() instanceof Claim claim)) {
				throw new InvalidRequestException("The claim parameter must hold a Claim resource");
			}
			if (claim.getItem().isEmpty()) {
				throw new InvalidRequestException("The claim has no items: there is nothing to check");
			}
			return claim.copy();
		}
		if (lines.isEmpty()) {
			throw new InvalidRequestException("Give a claim (a Claim resource) or one or more line parameters");
		}
		Claim claim = new Claim();
		for (int i = 0; i < lines.size(); i++) {
			claim.addItem(ClaimLines.item(lines.get(i), i));
		}
		return claim;
	}

	private static void normalise(ItemComponent item, int index, Snapshot snapshot, String defaultDate, List<Note> notes) {
		if (!item.hasSequence()) {
			item.setSequence(index + 1);
		}
		String where = "Claim.item[" + index + "]";
		Coding code = item.getProductOrService().getCoding().stream().filter(Coding::hasCode).findFirst()
			.orElseThrow(() -> new InvalidRequestException(where + " has no code (productOrService.coding.code)"));
		item.setProductOrService(new CodeableConcept(code));
		if (!code.hasSystem()) {
			code.setSystem(inferred(code.getCode(), CPT_CODE, CPT, HCPCS_CODE, HCPCS, where + ".productOrService", index, notes));
		}
		code.setSystem(canonical(snapshot, code.getSystem(), where + ".productOrService", index, notes));
		int colon = code.getCode().indexOf(':');
		if (colon > 0 && CPT.equals(code.getSystem())) {
			String[] parts = code.getCode().split(":");
			code.setCode(parts[0]);
			for (int m = 1; m < parts.length; m++) {
				item.addModifier(new CodeableConcept(new Coding(null, parts[m], null)));
			}
			notes.add(new Note(index, where + ".productOrService", "The CPT expression was split into code " + parts[0]
					+ " and its modifiers"));
		}
		for (int m = 0; m < item.getModifier().size(); m++) {
			String at = where + ".modifier[" + m + "]";
			for (Coding modifier : item.getModifier().get(m).getCoding()) {
				if (!modifier.hasSystem() && modifier.hasCode()) {
					modifier.setSystem(inferred(modifier.getCode(), CPT_MODIFIER, CPT, HCPCS_MODIFIER, HCPCS, at, index, notes));
				}
				modifier.setSystem(canonical(snapshot, modifier.getSystem(), at, index, notes));
			}
		}
		for (Coding place : item.hasLocationCodeableConcept() ? item.getLocationCodeableConcept().getCoding() : List.<Coding>of()) {
			if (!place.hasSystem()) {
				place.setSystem(PLACE_OF_SERVICE);
				notes.add(new Note(index, where + ".location", "Place of service '" + place.getCode()
						+ "' had no system; taken as a CMS place of service code"));
			}
		}
		String date = firstDate(item.getServiced(), where + ".serviced", null);
		if (date == null) {
			date = defaultDate;
			item.setUserData("dated", Boolean.TRUE);
		}
		if (!(item.getServiced() instanceof DateType given && date.equals(given.getValueAsString()))) {
			// a dateTime, a Period or the default becomes a plain date; a date as given is kept (parsing costs)
			item.setServiced(new DateType(date));
		}
	}

	private static String inferred(String code, Pattern first, String firstSystem, Pattern second, String secondSystem,
			String where, int index, List<Note> notes) {
		String system = first.matcher(code).matches() ? firstSystem : second.matcher(code).matches() ? secondSystem : null;
		if (system == null) {
			throw new InvalidRequestException(where + " '" + code + "' has no system, and its form names none");
		}
		notes.add(new Note(index, where, "'" + code + "' had no system; taken as " + system));
		return system;
	}

	private static String canonical(Snapshot snapshot, String system, String where, int index, List<Note> notes) {
		String canonical = snapshot.canonicalSystem(system);
		if (!canonical.equals(system)) {
			notes.add(new Note(index, where, system + " was read as its canonical url " + canonical));
		}
		return canonical;
	}

	/** The date of a date, dateTime or Period (its start), or of the claim's billable period; 400 when unreadable. */
	private static String firstDate(Type value, String where, Claim claim) {
		if (value instanceof Period period) {
			value = period.getStartElement();
		}
		if (value instanceof BaseDateTimeType date && (date.hasValue() || date.getValueAsString() != null)) {
			if (date.getValue() == null) {
				throw new InvalidRequestException(where + " '" + date.getValueAsString() + "' is not a valid date");
			}
			String text = date.getValueAsString();
			return text.length() > 10 ? text.substring(0, 10) : text;
		}
		if (value != null && !value.isEmpty()) {
			throw new InvalidRequestException(where + " must be a date");
		}
		return claim != null && claim.getBillablePeriod().hasStart() ? firstDate(claim.getBillablePeriod(), "Claim.billablePeriod", null)
				: null;
	}

}
