package org.mmedpo.evaluation.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python's string primitives that the reference evaluation scripts build on, so that Java splits
 * and lower-cases text the way they do.
 */
public final class PythonText {

  private PythonText() {}

  /**
   * Python's {@code str.split()} without arguments: runs of whitespace separate tokens and no
   * token is empty. Whitespace is what Python's {@code str.isspace()} accepts, which includes the
   * no-break spaces U+00A0, U+2007 and U+202F and the control characters U+001C to U+001F and U+0085.
   */
  public static List<String> split(String text) {
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean space = i == text.length() || isSpace(text.charAt(i));
      if (!space && start < 0) {
        start = i;
      } else if (space && start >= 0) {
        tokens.add(text.substring(start, i));
        start = -1;
      }
    }
    return tokens;
  }

  /** Python's {@code text.lower().split()}. */
  public static List<String> lowerSplit(String text) {
    return split(lower(text));
  }

  /** Python's {@code str.lower()} (full Unicode lower-casing, independent of the default locale). */
  public static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /** Python's {@code str.isspace()} for one character. */
  public static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }
}
