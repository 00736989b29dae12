package org.mmedpo.streams.radiology;

/**
 * A half-open character range [start, end) of a text.
 *
 * @param start first character
 * @param end one past the last character
 */
public record Span(int start, int end) {

  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  /** The covered text. */
  public String of(String text) {
    return text.substring(start, end);
  }
}
