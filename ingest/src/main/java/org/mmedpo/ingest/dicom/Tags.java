package org.mmedpo.ingest.dicom;

/**
 * The DICOM tags this module reads or writes, as {@code (group << 16) | element}. Names follow the
 * DICOM data dictionary (PS3.6).
 */
public final class Tags {

  private Tags() {}

  public static final int FILE_META_GROUP_LENGTH = 0x00020000;
  public static final int FILE_META_VERSION = 0x00020001;
  public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
  public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
  public static final int TRANSFER_SYNTAX_UID = 0x00020010;
  public static final int IMPLEMENTATION_CLASS_UID = 0x00020012;
  public static final int IMPLEMENTATION_VERSION_NAME = 0x00020013;

  public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
  public static final int IMAGE_TYPE = 0x00080008;
  public static final int INSTANCE_CREATION_DATE = 0x00080012;
  public static final int SOP_CLASS_UID = 0x00080016;
  public static final int SOP_INSTANCE_UID = 0x00080018;
  public static final int STUDY_DATE = 0x00080020;
  public static final int SERIES_DATE = 0x00080021;
  public static final int ACQUISITION_DATE = 0x00080022;
  public static final int CONTENT_DATE = 0x00080023;
  public static final int STUDY_TIME = 0x00080030;
  public static final int ACCESSION_NUMBER = 0x00080050;
  public static final int MODALITY = 0x00080060;
  public static final int MANUFACTURER = 0x00080070;
  public static final int INSTITUTION_NAME = 0x00080080;
  public static final int INSTITUTION_ADDRESS = 0x00080081;
  public static final int REFERRING_PHYSICIAN_NAME = 0x00080090;
  public static final int STATION_NAME = 0x00081010;
  public static final int STUDY_DESCRIPTION = 0x00081030;
  public static final int SERIES_DESCRIPTION = 0x0008103E;
  public static final int PERFORMING_PHYSICIAN_NAME = 0x00081050;
  public static final int OPERATORS_NAME = 0x00081070;

  public static final int PATIENT_NAME = 0x00100010;
  public static final int PATIENT_ID = 0x00100020;
  public static final int ISSUER_OF_PATIENT_ID = 0x00100021;
  public static final int PATIENT_BIRTH_DATE = 0x00100030;
  public static final int PATIENT_SEX = 0x00100040;
  public static final int OTHER_PATIENT_IDS = 0x00101000;
  public static final int PATIENT_AGE = 0x00101010;
  public static final int PATIENT_ADDRESS = 0x00101040;
  public static final int PATIENT_TELEPHONE_NUMBERS = 0x00102154;
  public static final int ADDITIONAL_PATIENT_HISTORY = 0x001021B0;
  public static final int PATIENT_COMMENTS = 0x00104000;

  public static final int BODY_PART_EXAMINED = 0x00180015;
  public static final int DEVICE_SERIAL_NUMBER = 0x00181000;
  public static final int VIEW_POSITION = 0x00185101;

  public static final int STUDY_INSTANCE_UID = 0x0020000D;
  public static final int SERIES_INSTANCE_UID = 0x0020000E;
  public static final int STUDY_ID = 0x00200010;
  public static final int SERIES_NUMBER = 0x00200011;
  public static final int INSTANCE_NUMBER = 0x00200013;
  public static final int PATIENT_ORIENTATION = 0x00200020;
  public static final int IMAGE_COMMENTS = 0x00204000;

  public static final int SAMPLES_PER_PIXEL = 0x00280002;
  public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
  public static final int NUMBER_OF_FRAMES = 0x00280008;
  public static final int PLANAR_CONFIGURATION = 0x00280006;
  public static final int ROWS = 0x00280010;
  public static final int COLUMNS = 0x00280011;
  public static final int PIXEL_SPACING = 0x00280030;
  public static final int BITS_ALLOCATED = 0x00280100;
  public static final int BITS_STORED = 0x00280101;
  public static final int HIGH_BIT = 0x00280102;
  public static final int PIXEL_REPRESENTATION = 0x00280103;
  public static final int PIXEL_PADDING_VALUE = 0x00280120;
  public static final int WINDOW_CENTER = 0x00281050;
  public static final int WINDOW_WIDTH = 0x00281051;
  public static final int RESCALE_INTERCEPT = 0x00281052;
  public static final int RESCALE_SLOPE = 0x00281053;
  public static final int RESCALE_TYPE = 0x00281054;
  public static final int VOI_LUT_FUNCTION = 0x00281056;
  public static final int PRESENTATION_LUT_SHAPE = 0x20500020;

  public static final int REQUESTING_PHYSICIAN = 0x00321032;
  public static final int PIXEL_DATA = 0x7FE00010;

  public static final int ITEM = 0xFFFEE000;
  public static final int ITEM_DELIMITATION = 0xFFFEE00D;
  public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

  /** {@code (gggg,eeee)} for messages. */
  public static String format(int tag) {
    return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
  }

  /** Private tags have an odd group number. */
  public static boolean isPrivate(int tag) {
    return ((tag >>> 16) & 1) == 1;
  }
}
