package org.mmedpo.streams.hallucination;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmedpo.streams.radiology.Span;

/** Small, grammar-preserving string edits shared by the engine's operations. */
final class TextEdits {

  private static final Pattern ARTICLE = Pattern.compile("\\b([Aa])(n?)(\\s+)([\\p{L}\\p{N}][\\p{L}\\p{N}'-]*)");
  private static final Pattern SPACES = Pattern.compile("[ \\t]{2,}");
  private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile("[ \\t]+([.,;:])");
  private static final Pattern DOUBLE_COMMA = Pattern.compile(",\\s*,");
  private static final Pattern COMMA_PERIOD = Pattern.compile("[,;]\\s*\\.");
  private static final Pattern DOUBLE_PERIOD = Pattern.compile("\\.\\s*\\.");
  private static final Pattern SENTENCE_START = Pattern.compile("(^|[.!?]\\s+|\\n\\s*)(\\p{Ll})");

  private TextEdits() {}

  /** {@code text} with {@code span} replaced by {@code replacement}. */
  static String replace(String text, Span span, String replacement) {
    return text.substring(0, span.start()) + replacement + text.substring(span.end());
  }

  /** {@code replacement} capitalized like {@code original} (first letter, or all caps). */
  static String matchCase(String original, String replacement) {
    if (original.isEmpty() || replacement.isEmpty()) {
      return replacement;
    }
    if (original.length() > 1 && original.equals(original.toUpperCase(Locale.ROOT))
        && !original.equals(original.toLowerCase(Locale.ROOT))) {
      return replacement.toUpperCase(Locale.ROOT);
    }
    if (Character.isUpperCase(original.charAt(0))) {
      return capitalize(replacement);
    }
    return replacement;
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Lower-cases the first letter unless the first word is an acronym ("CT", "MRI", "X-ray"). */
  static String decapitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    int end = 0;
    while (end < s.length() && Character.isLetterOrDigit(s.charAt(end))) {
      end++;
    }
    String word = s.substring(0, end);
    if (word.length() > 1 && word.equals(word.toUpperCase(Locale.ROOT))) {
      return s;
    }
    if (word.equals("X")) {
      return s;
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** True when {@code word} is read with a vowel sound first, so it takes "an". */
  static boolean vowelSound(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.startsWith("uni") || w.startsWith("use") || w.startsWith("usu") || w.startsWith("one")
        || w.startsWith("eu") || w.startsWith("ur")) {
      return false;
    }
    if (w.startsWith("hour") || w.startsWith("mri") || w.startsWith("x-") || w.equals("x")) {
      return true;
    }
    return "aeiou".indexOf(w.charAt(0)) >= 0;
  }

  /** Makes every "a"/"an" agree with the word after it. */
  static String fixArticles(String text) {
    Matcher m = ARTICLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String article = m.group(1) + (vowelSound(m.group(4)) ? "n" : "");
      m.appendReplacement(out, Matcher.quoteReplacement(article + m.group(3) + m.group(4)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Repairs what edits leave behind: doubled spaces, spaces before punctuation, empty list slots,
   * lower-case sentence starts, wrong articles.
   */
  static String tidy(String text) {
    String t = text;
    t = DOUBLE_COMMA.matcher(t).replaceAll(",");
    t = SPACE_BEFORE_PUNCT.matcher(t).replaceAll("$1");
    t = COMMA_PERIOD.matcher(t).replaceAll(".");
    t = DOUBLE_PERIOD.matcher(t).replaceAll(".");
    t = SPACES.matcher(t).replaceAll(" ");
    t = fixArticles(t);
    Matcher m = SENTENCE_START.matcher(t);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2).toUpperCase(Locale.ROOT)));
    }
    m.appendTail(out);
    return out.toString().strip();
  }

  /** The singular of a plural noun phrase's last word: opacities to opacity, masses to mass. */
  static String singular(String phrase) {
    int space = phrase.lastIndexOf(' ');
    String head = phrase.substring(0, space + 1);
    String word = phrase.substring(space + 1);
    String lower = word.toLowerCase(Locale.ROOT);
    String single;
    if (lower.endsWith("ies")) {
      single = word.substring(0, word.length() - 3) + "y";
    } else if (lower.endsWith("sses") || lower.endsWith("xes") || lower.endsWith("shes")) {
      single = word.substring(0, word.length() - 2);
    } else if (lower.endsWith("s") && !lower.endsWith("ss")) {
      single = word.substring(0, word.length() - 1);
    } else {
      single = word;
    }
    return head + single;
  }

  /** Joins names as "a", "a or b", "a, b or c". */
  static String list(java.util.List<String> names, String conjunction) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " " + conjunction + " "
        + names.get(names.size() - 1);
  }

  /** Number of words. */
  static int words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }
}
