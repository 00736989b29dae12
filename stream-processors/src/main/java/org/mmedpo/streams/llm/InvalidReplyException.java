package org.mmedpo.streams.llm;

/** An endpoint answered, but not with something usable; the call may be retried. */
public class InvalidReplyException extends Exception {

  public InvalidReplyException(String message) {
    super(message);
  }

  public InvalidReplyException(String message, Throwable cause) {
    super(message, cause);
  }
}
