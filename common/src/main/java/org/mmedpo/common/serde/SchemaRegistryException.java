package org.mmedpo.common.serde;

/** A schema-registry call failed; {@link #status()} is the HTTP status, or -1 without a reply. */
public class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final int status;

  public SchemaRegistryException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
