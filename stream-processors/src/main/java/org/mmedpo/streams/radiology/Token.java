package org.mmedpo.streams.radiology;

/**
 * A word or punctuation mark of a text.
 *
 * @param text the characters as written
 * @param lower lower-case form, for matching
 * @param start first character in the text
 * @param end one past the last character
 */
public record Token(String text, String lower, int start, int end) {

  /** True for a punctuation token. */
  public boolean isPunctuation() {
    return !Character.isLetterOrDigit(text.charAt(0));
  }
}
