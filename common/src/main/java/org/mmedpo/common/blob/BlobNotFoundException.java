package org.mmedpo.common.blob;

/** The store holds no blob at the URI. */
public class BlobNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BlobNotFoundException(String uri) {
    super("no blob at " + uri);
  }
}
