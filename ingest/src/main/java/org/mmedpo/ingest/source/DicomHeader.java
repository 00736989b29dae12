package org.mmedpo.ingest.source;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.mmedpo.ingest.deid.PhiDictionary;
import org.mmedpo.ingest.dicom.DicomDataset;
import org.mmedpo.ingest.dicom.DicomFile;
import org.mmedpo.ingest.dicom.DicomFormatException;
import org.mmedpo.ingest.dicom.Tags;

/**
 * What ingest takes from a DICOM file's attributes before de-identification: the pairing keys, the
 * allow-listed descriptive attributes, and the study's identifiers for the report scrubber. Held
 * only inside ingest; nothing here is ever logged or sent.
 *
 * @param transferSyntaxUid the file's transfer syntax
 * @param studyUid Study Instance UID
 * @param sopUid SOP Instance UID
 * @param accession Accession Number, or null
 * @param patientId Patient ID, or null
 * @param issuer Issuer of Patient ID, or null
 * @param studyDate Study Date (else Series, Acquisition, Content date), or null
 * @param modality Modality, or "OT" when absent
 * @param bodyPart Body Part Examined when it is a plain code, else null
 * @param view View Position when it is a plain code, else null
 * @param dictionary identifiers for the report scrubber
 */
public record DicomHeader(String transferSyntaxUid, String studyUid, String sopUid,
    String accession, String patientId, String issuer, LocalDate studyDate, String modality,
    String bodyPart, String view, PhiDictionary dictionary) {

  private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");

  /**
   * Reads the header of a parsed file.
   *
   * @throws DicomFormatException "missing Study Instance UID" or "missing SOP Instance UID" when a
   *     key is absent (no pairing or pseudonym is possible), or for undecodable text
   */
  public static DicomHeader of(DicomFile file) throws DicomFormatException {
    DicomDataset ds = file.dataset();
    String study = blankToNull(ds.string(Tags.STUDY_INSTANCE_UID));
    if (study == null) {
      throw new DicomFormatException("missing Study Instance UID", "(0020,000D) is absent or empty");
    }
    String sop = blankToNull(ds.string(Tags.SOP_INSTANCE_UID));
    if (sop == null) {
      sop = blankToNull(file.meta().string(Tags.MEDIA_STORAGE_SOP_INSTANCE_UID));
    }
    if (sop == null) {
      throw new DicomFormatException("missing SOP Instance UID", "(0008,0018) is absent or empty");
    }
    LocalDate date = null;
    for (int tag : new int[] {Tags.STUDY_DATE, Tags.SERIES_DATE, Tags.ACQUISITION_DATE, Tags.CONTENT_DATE}) {
      date = date(ds.string(tag));
      if (date != null) {
        break;
      }
    }
    PhiDictionary dictionary = PhiDictionary.of(ds);
    String modality = code(ds.string(Tags.MODALITY));
    return new DicomHeader(file.transferSyntax().uid(), study, sop,
        blankToNull(ds.string(Tags.ACCESSION_NUMBER)), blankToNull(ds.string(Tags.PATIENT_ID)),
        blankToNull(ds.string(Tags.ISSUER_OF_PATIENT_ID)), date,
        modality == null ? "OT" : modality, code(ds.string(Tags.BODY_PART_EXAMINED)),
        code(ds.string(Tags.VIEW_POSITION)), dictionary);
  }

  /** A defined term (upper-case letters, digits, space, underscore; at most 16) or null. */
  static String code(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim().toUpperCase(Locale.ROOT);
    return v.matches("[A-Z0-9 _]{1,16}") ? v : null;
  }

  static LocalDate date(String value) {
    if (value == null || value.trim().length() < 8) {
      return null;
    }
    String v = value.trim().replace(".", "");
    try {
      return LocalDate.parse(v.substring(0, 8), DA);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
