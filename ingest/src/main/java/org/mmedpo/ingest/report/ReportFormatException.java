package org.mmedpo.ingest.report;

/** A report file that cannot be read; {@link #reason()} is short and stable, free of report text. */
public class ReportFormatException extends Exception {

  private static final long serialVersionUID = 1L;
  private final String reason;

  public ReportFormatException(String reason, String detail) {
    super(detail == null || detail.isEmpty() ? reason : reason + ": " + detail);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
