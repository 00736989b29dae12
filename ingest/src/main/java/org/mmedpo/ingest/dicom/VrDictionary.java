package org.mmedpo.ingest.dicom;

import java.util.HashMap;
import java.util.Map;

/**
 * The value representation of the tags this module reads, for implicit-VR data sets (which do not
 * carry it). Tags missing here read as {@code UN}: their bytes are kept but never interpreted.
 */
final class VrDictionary {

  private static final Map<Integer, String> VR = new HashMap<>();

  static {
    put("UL", Tags.FILE_META_GROUP_LENGTH);
    put("OB", Tags.FILE_META_VERSION);
    put("UI", Tags.MEDIA_STORAGE_SOP_CLASS_UID, Tags.MEDIA_STORAGE_SOP_INSTANCE_UID,
        Tags.TRANSFER_SYNTAX_UID, Tags.IMPLEMENTATION_CLASS_UID, Tags.SOP_CLASS_UID,
        Tags.SOP_INSTANCE_UID, Tags.STUDY_INSTANCE_UID, Tags.SERIES_INSTANCE_UID);
    put("SH", Tags.IMPLEMENTATION_VERSION_NAME, Tags.ACCESSION_NUMBER, Tags.STATION_NAME,
        Tags.STUDY_ID);
    put("CS", Tags.SPECIFIC_CHARACTER_SET, Tags.IMAGE_TYPE, Tags.MODALITY, Tags.PATIENT_SEX,
        Tags.BODY_PART_EXAMINED, Tags.VIEW_POSITION, Tags.PHOTOMETRIC_INTERPRETATION,
        Tags.VOI_LUT_FUNCTION, Tags.PRESENTATION_LUT_SHAPE, Tags.PATIENT_ORIENTATION);
    put("DA", Tags.INSTANCE_CREATION_DATE, Tags.STUDY_DATE, Tags.SERIES_DATE,
        Tags.ACQUISITION_DATE, Tags.CONTENT_DATE, Tags.PATIENT_BIRTH_DATE);
    put("TM", Tags.STUDY_TIME);
    put("LO", Tags.MANUFACTURER, Tags.INSTITUTION_NAME, Tags.STUDY_DESCRIPTION,
        Tags.SERIES_DESCRIPTION, Tags.PATIENT_ID, Tags.ISSUER_OF_PATIENT_ID,
        Tags.OTHER_PATIENT_IDS, Tags.DEVICE_SERIAL_NUMBER, Tags.RESCALE_TYPE);
    put("ST", Tags.INSTITUTION_ADDRESS);
    put("PN", Tags.PATIENT_NAME, Tags.REFERRING_PHYSICIAN_NAME, Tags.PERFORMING_PHYSICIAN_NAME,
        Tags.OPERATORS_NAME, Tags.REQUESTING_PHYSICIAN);
    put("AS", Tags.PATIENT_AGE);
    put("LO", Tags.PATIENT_ADDRESS);
    put("SH", Tags.PATIENT_TELEPHONE_NUMBERS);
    put("LT", Tags.ADDITIONAL_PATIENT_HISTORY, Tags.PATIENT_COMMENTS, Tags.IMAGE_COMMENTS);
    put("IS", Tags.SERIES_NUMBER, Tags.INSTANCE_NUMBER, Tags.NUMBER_OF_FRAMES);
    put("US", Tags.SAMPLES_PER_PIXEL, Tags.PLANAR_CONFIGURATION, Tags.ROWS, Tags.COLUMNS,
        Tags.BITS_ALLOCATED, Tags.BITS_STORED, Tags.HIGH_BIT, Tags.PIXEL_REPRESENTATION);
    put("DS", Tags.PIXEL_SPACING, Tags.WINDOW_CENTER, Tags.WINDOW_WIDTH, Tags.RESCALE_INTERCEPT,
        Tags.RESCALE_SLOPE);
    put("OW", Tags.PIXEL_DATA);
  }

  private VrDictionary() {}

  private static void put(String vr, int... tags) {
    for (int tag : tags) {
      VR.put(tag, vr);
    }
  }

  static String vrOf(int tag) {
    if ((tag & 0xFFFF) == 0) {
      return "UL"; // group lengths
    }
    return VR.getOrDefault(tag, "UN");
  }
}
