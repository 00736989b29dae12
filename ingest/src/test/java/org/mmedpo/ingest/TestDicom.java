package org.mmedpo.ingest;

import org.mmedpo.ingest.dicom.DicomWriter;
import org.mmedpo.ingest.dicom.Tags;

/** Small DICOM files for tests, with patient attributes the caller chooses. */
public final class TestDicom {

  private TestDicom() {}

  /** A valid 16-bit MONOCHROME2 image of a gradient (without pixels when rows is 0). */
  public static DicomWriter image(String studyUid, String sopUid, String accession,
      String patientName, String patientId, int rows, int cols) {
    DicomWriter w = new DicomWriter()
        .text(Tags.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 100")
        .text(Tags.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.1")
        .text(Tags.SOP_INSTANCE_UID, "UI", sopUid)
        .text(Tags.STUDY_DATE, "DA", "20230405")
        .text(Tags.ACCESSION_NUMBER, "SH", accession)
        .text(Tags.MODALITY, "CS", "CR")
        .text(Tags.PATIENT_NAME, "PN", patientName)
        .text(Tags.PATIENT_ID, "LO", patientId)
        .text(Tags.BODY_PART_EXAMINED, "CS", "CHEST")
        .text(Tags.STUDY_INSTANCE_UID, "UI", studyUid)
        .text(Tags.SERIES_INSTANCE_UID, "UI", studyUid + ".1")
        .us(Tags.SAMPLES_PER_PIXEL, 1)
        .text(Tags.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
        .us(Tags.ROWS, rows)
        .us(Tags.COLUMNS, cols)
        .us(Tags.BITS_ALLOCATED, 16)
        .us(Tags.BITS_STORED, 12)
        .us(Tags.HIGH_BIT, 11)
        .us(Tags.PIXEL_REPRESENTATION, 0);
    if ((long) rows * cols > 0 && (long) rows * cols <= 1 << 20) {
      int[] pixels = new int[rows * cols];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (i * 7) % 4096;
      }
      w.pixels(pixels, 16, cols);
    }
    return w;
  }

  /** A plain-text report naming the study and the patient. */
  public static String report(String studyUid, String accession, String patientName) {
    return "Patient: " + patientName.replace('^', ' ') + "\nAccession: " + accession
        + "    Study UID: " + studyUid + "\n\nFINDINGS:\nThe lungs are clear.\n\nIMPRESSION:\n"
        + "No acute cardiopulmonary process.\n";
  }
}
