package org.mmedpo.common.blob;

/** A blob's bytes do not hash to the SHA-256 it is stored under. */
public class BlobCorruptException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BlobCorruptException(String uri, String actualSha256) {
    super("blob at " + uri + " is corrupt: its bytes hash to " + actualSha256);
  }
}
