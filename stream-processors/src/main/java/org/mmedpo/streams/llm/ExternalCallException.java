package org.mmedpo.streams.llm;

import org.mmedpo.streams.errors.RejectedRecordException;

/**
 * An external endpoint did not give a usable answer in time: timeouts, HTTP errors after the
 * retries, malformed or invalid replies, an expired record deadline. The reason is short and
 * stable (e.g. {@code llm timeout}, {@code llm http 500}, {@code llm invalid reply}).
 */
public class ExternalCallException extends RejectedRecordException {

  public ExternalCallException(String reason, String detail) {
    super(reason, detail);
  }

  public ExternalCallException(String reason, String detail, Throwable cause) {
    super(reason, detail, cause);
  }
}
