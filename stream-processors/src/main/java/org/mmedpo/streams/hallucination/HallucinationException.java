package org.mmedpo.streams.hallucination;

import org.mmedpo.streams.errors.RejectedRecordException;

/** No acceptable dispreferred text could be made for an item. */
public class HallucinationException extends RejectedRecordException {

  public HallucinationException(String reason, String detail) {
    super(reason, detail);
  }

  public HallucinationException(String reason, String detail, Throwable cause) {
    super(reason, detail, cause);
  }
}
