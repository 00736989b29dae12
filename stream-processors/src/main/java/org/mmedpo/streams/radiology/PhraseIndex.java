package org.mmedpo.streams.radiology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Longest-match lookup of multi-word phrases in a token list. Phrases are tokenized like the text,
 * so "left-sided" and "left sided" are different phrases.
 *
 * @param <T> what a phrase stands for
 */
public final class PhraseIndex<T> {

  /** A phrase found at a position. */
  public record Match<T>(T value, int firstToken, int tokenCount) {}

  private record Entry<T>(String[] words, T value) {}

  private final Map<String, List<Entry<T>>> byFirstWord = new HashMap<>();

  /** Adds {@code phrase}; the first value added for a phrase wins. */
  public void add(String phrase, T value) {
    List<Token> tokens = Tokenizer.tokenize(phrase);
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("empty phrase");
    }
    String[] words = tokens.stream().map(Token::lower).toArray(String[]::new);
    List<Entry<T>> entries = byFirstWord.computeIfAbsent(words[0], k -> new ArrayList<>());
    for (Entry<T> existing : entries) {
      if (java.util.Arrays.equals(existing.words, words)) {
        return;
      }
    }
    entries.add(new Entry<>(words, value));
    entries.sort((a, b) -> Integer.compare(b.words.length, a.words.length));
  }

  /** The longest phrase starting at token {@code i}, or null. */
  public Match<T> longestAt(List<Token> tokens, int i) {
    List<Entry<T>> entries = byFirstWord.get(tokens.get(i).lower());
    if (entries == null) {
      return null;
    }
    for (Entry<T> entry : entries) {
      if (matches(tokens, i, entry.words)) {
        return new Match<>(entry.value, i, entry.words.length);
      }
    }
    return null;
  }

  /** Every non-overlapping longest match, left to right. */
  public List<Match<T>> scan(List<Token> tokens) {
    List<Match<T>> matches = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      Match<T> match = longestAt(tokens, i);
      if (match == null) {
        i++;
      } else {
        matches.add(match);
        i += match.tokenCount();
      }
    }
    return matches;
  }

  private static boolean matches(List<Token> tokens, int i, String[] words) {
    if (i + words.length > tokens.size()) {
      return false;
    }
    for (int k = 0; k < words.length; k++) {
      if (!tokens.get(i + k).lower().equals(words[k])) {
        return false;
      }
    }
    return true;
  }
}
