package org.mmedpo.ingest.synth;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The fake identity planted into one study: what a real export would carry as patient data. The
 * values are drawn from lists of uncommon names so that a scan for them cannot hit ordinary words.
 */
public record FakePatient(String family, String given, String patientId, LocalDate birthDate,
    String sex, String accession, String institution, String institutionAddress,
    String referringFamily, String referringGiven, String radiologistFamily,
    String radiologistGiven, String operatorFamily, String phone, String address,
    String otherPatientId, LocalDate studyDate, LocalTime studyTime, LocalDate priorDate) {

  static final List<String> FAMILY = List.of("Fairweather", "Castellanos", "Abernathy", "Quimbyson",
      "Oyelaran", "Lindqvist", "Haverford", "Przybylski", "Thistlewood", "Nakashima", "Delacroix",
      "Ostrowski", "Achterberg", "Featherstone", "Kowalczyk", "Szabados", "Okonkwo", "Vandermeer",
      "Holloway", "Ravensworth", "Iwasaki", "Bergstrom", "Mukherjee", "Zielinski", "Cartwright",
      "Esterhuizen", "Fitzgerald", "Gallagher", "Hollingsworth", "Ingleby", "Jablonski",
      "Kettleborough", "Lachapelle", "Mastrangelo", "Nightingale", "Oyelowo", "Pemberton",
      "Quarshie", "Rosenthal", "Sandoval");
  static final List<String> GIVEN = List.of("Thaddeus", "Philippa", "Ingrid", "Bartholomew",
      "Octavia", "Leopold", "Rosalind", "Cornelius", "Wilhelmina", "Evander", "Perpetua",
      "Ignatius", "Seraphina", "Lysander", "Ottoline", "Florian", "Marisol", "Casimir", "Imogen",
      "Desmond", "Augustin", "Beatrix", "Clementine", "Dorothea", "Eustace", "Fenella", "Gideon",
      "Henrietta", "Isidore", "Jocasta", "Konstantin", "Ludmila", "Maximilian", "Nerissa",
      "Orlando", "Prudence", "Quentin", "Rupertina", "Sebastien", "Theodora");
  static final List<String> INSTITUTIONS = List.of("St. Aldric Memorial Hospital",
      "Wexcombe General Infirmary", "Harrowgate University Medical Centre",
      "Bellmoor Regional Hospital", "Our Lady of Kilvarren Hospital", "Ashdown Vale Clinic");
  static final List<String> STREETS = List.of("Quillfeather Lane", "Marrowby Road",
      "Tamsworth Avenue", "Orchardleigh Street", "Pennycross Drive");

  private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");

  /** Draws a patient and study identity. */
  static FakePatient draw(SplittableRandom rng) {
    LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(rng.nextInt(365 * 75));
    LocalDate study = LocalDate.of(2019, 1, 1).plusDays(rng.nextInt(365 * 6));
    return new FakePatient(
        pick(FAMILY, rng), pick(GIVEN, rng),
        String.valueOf(10_000_000 + rng.nextInt(89_999_999)),
        birth, rng.nextBoolean() ? "F" : "M",
        "RA" + (10_000_000 + rng.nextInt(89_999_999)),
        pick(INSTITUTIONS, rng),
        (100 + rng.nextInt(899)) + " " + pick(STREETS, rng) + ", Wexcombe",
        pick(FAMILY, rng), pick(GIVEN, rng), pick(FAMILY, rng), pick(GIVEN, rng),
        pick(FAMILY, rng),
        String.format("(%03d) 555-%04d", 201 + rng.nextInt(700), rng.nextInt(10_000)),
        (10 + rng.nextInt(980)) + " " + pick(STREETS, rng),
        "OP" + (1_000_000 + rng.nextInt(8_999_999)),
        study, LocalTime.of(7 + rng.nextInt(12), rng.nextInt(60), rng.nextInt(60)),
        study.minusDays(30 + rng.nextInt(900)));
  }

  private static String pick(List<String> list, SplittableRandom rng) {
    return list.get(rng.nextInt(list.size()));
  }

  /** DICOM Person Name: {@code Family^Given}. */
  public String dicomName() {
    return family + "^" + given;
  }

  /**
   * Every planted value in every form it was written, for scans that prove none of it leaves
   * ingest. Names are the individual words; dates are in the DICOM, ISO, US, European and
   * long forms; phone numbers formatted and as bare digits.
   */
  public Set<String> plantedValues() {
    Set<String> out = new LinkedHashSet<>();
    out.addAll(List.of(family, given, referringFamily, referringGiven, radiologistFamily,
        radiologistGiven, operatorFamily, patientId, accession, institution, otherPatientId,
        address, institutionAddress, phone, phone.replaceAll("[^0-9]", "")));
    for (LocalDate date : List.of(birthDate, studyDate, priorDate)) {
      out.addAll(dateForms(date));
    }
    return out;
  }

  /** The ways a date is written in the export. */
  static List<String> dateForms(LocalDate date) {
    return List.of(date.format(DA), date.toString(),
        date.format(DateTimeFormatter.ofPattern("MM/dd/yyyy")),
        date.format(DateTimeFormatter.ofPattern("dd.MM.yyyy")),
        date.format(DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH)));
  }
}
