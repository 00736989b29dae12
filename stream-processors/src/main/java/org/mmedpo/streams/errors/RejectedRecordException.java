package org.mmedpo.streams.errors;

/**
 * A record a processor cannot turn into output, with a short stable reason that dead letters
 * carry ({@code DeadLetter.reason}) and dashboards group by. Processors throw it; the processing
 * exception handler routes the record to the dead-letter topic.
 */
public class RejectedRecordException extends RuntimeException {

  private final String reason;

  public RejectedRecordException(String reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public RejectedRecordException(String reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  /** Short, stable reason, e.g. {@code unknown pair}. */
  public String reason() {
    return reason;
  }
}
