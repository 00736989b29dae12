package org.mmedpo.ingest.dicom;

/**
 * Bytes that are not a DICOM object this module can read. {@link #reason()} is short and stable
 * (dashboards group dead letters by it); the message adds detail. Neither ever holds attribute
 * values, which may be patient data.
 */
public class DicomFormatException extends Exception {

  private static final long serialVersionUID = 1L;
  private final String reason;

  public DicomFormatException(String reason, String detail) {
    super(detail == null || detail.isEmpty() ? reason : reason + ": " + detail);
    this.reason = reason;
  }

  public DicomFormatException(String reason, String detail, Throwable cause) {
    this(reason, detail);
    initCause(cause);
  }

  public String reason() {
    return reason;
  }
}
