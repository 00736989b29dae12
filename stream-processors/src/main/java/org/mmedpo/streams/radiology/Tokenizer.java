package org.mmedpo.streams.radiology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words and punctuation. Hyphenated and apostrophe words stay whole
 * ("left-sided", "x-ray", "t1-weighted"), and so do decimal numbers ("2.5").
 */
public final class Tokenizer {

  private static final Pattern TOKEN = Pattern.compile(
      "\\d+(?:\\.\\d+)?|[\\p{L}\\p{N}]+(?:[-'’][\\p{L}\\p{N}]+)*|[.,;:!?()/]");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");

  private Tokenizer() {}

  /** The tokens of {@code text}, with their character offsets. */
  public static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      String word = m.group();
      tokens.add(new Token(word, word.toLowerCase(Locale.ROOT), m.start(), m.end()));
    }
    return tokens;
  }

  /** The sentences of {@code text} as trimmed spans, in order; blank sentences are skipped. */
  public static List<Span> sentences(String text) {
    List<Span> spans = new ArrayList<>();
    Matcher m = SENTENCE_END.matcher(text);
    int from = 0;
    while (m.find()) {
      add(spans, text, from, m.start());
      from = m.end();
    }
    add(spans, text, from, text.length());
    return spans;
  }

  private static void add(List<Span> spans, String text, int start, int end) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > start) {
      spans.add(new Span(start, end));
    }
  }
}
