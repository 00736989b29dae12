package org.mmedpo.model.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level tokenizer whose vocabulary is built from the training corpus and saved with the
 * model. Text is lower-cased and split into words (letters, digits, inner hyphens and
 * apostrophes) and single punctuation marks; words outside the vocabulary become {@code <unk>}.
 * Radiology reports and Med-VQA answers draw on a small lexicon, so a word vocabulary of a few
 * hundred entries covers them and keeps sequences short.
 */
public final class Tokenizer {

  public static final String PAD = "<pad>";
  public static final String UNK = "<unk>";
  public static final String EOS = "</s>";
  public static final String IMAGE = "<image>";
  public static final String USER = "USER:";
  public static final String ASSISTANT = "ASSISTANT:";

  /** The special tokens, with ids 0..5 in this order. */
  public static final List<String> SPECIALS = List.of(PAD, UNK, EOS, IMAGE, USER, ASSISTANT);

  private static final Pattern WORD = Pattern.compile("[a-z0-9]+(?:['\\-][a-z0-9]+)*|[^\\sa-z0-9]");

  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private Tokenizer(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (map.put(tokens.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate token '" + tokens.get(i) + "'");
      }
    }
    for (int i = 0; i < SPECIALS.size(); i++) {
      if (!SPECIALS.get(i).equals(tokens.get(i))) {
        throw new IllegalArgumentException("token " + i + " must be " + SPECIALS.get(i));
      }
    }
    this.ids = map;
  }

  /**
   * Builds the vocabulary: the special tokens, then every word seen at least {@code minCount}
   * times, most frequent first (ties alphabetical, so the same corpus gives the same ids).
   */
  public static Tokenizer build(Iterable<String> corpus, int minCount) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String text : corpus) {
      for (String word : split(text)) {
        counts.merge(word, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Integer>comparingByValue(Collections.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    List<String> vocab = new ArrayList<>(SPECIALS);
    for (Map.Entry<String, Integer> entry : entries) {
      if (entry.getValue() >= minCount && !SPECIALS.contains(entry.getKey())) {
        vocab.add(entry.getKey());
      }
    }
    return new Tokenizer(vocab);
  }

  /** Lower-cased words and punctuation marks of {@code text}. */
  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      words.add(m.group());
    }
    return words;
  }

  /** Token ids of {@code text} (no special tokens added). */
  public int[] encode(String text) {
    List<String> words = split(text);
    int[] out = new int[words.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.getOrDefault(words.get(i), unkId());
    }
    return out;
  }

  /** Text of {@code ids}, stopping at {@code </s>}; padding and other special tokens are skipped. */
  public String decode(int[] tokenIds) {
    StringBuilder sb = new StringBuilder();
    for (int id : tokenIds) {
      if (id == eosId()) {
        break;
      }
      if (id < SPECIALS.size() && id != unkId()) {
        continue;
      }
      String word = tokens.get(id);
      boolean punctuation = word.length() == 1 && !Character.isLetterOrDigit(word.charAt(0));
      if (sb.length() > 0 && !(punctuation && !word.equals("("))) {
        sb.append(' ');
      }
      sb.append(word);
    }
    return sb.toString();
  }

  public int size() {
    return tokens.size();
  }

  public String token(int id) {
    return tokens.get(id);
  }

  public int id(String token) {
    Integer id = ids.get(token);
    if (id == null) {
      throw new IllegalArgumentException("not in the vocabulary: '" + token + "'");
    }
    return id;
  }

  public int padId() {
    return 0;
  }

  public int unkId() {
    return 1;
  }

  public int eosId() {
    return 2;
  }

  public int imageId() {
    return 3;
  }

  public int userId() {
    return 4;
  }

  public int assistantId() {
    return 5;
  }

  /** The vocabulary, one token a line, in id order (the archive's {@code tokenizer.txt}). */
  public String serialize() {
    return String.join("\n", tokens) + "\n";
  }

  /** Reads what {@link #serialize()} wrote. */
  public static Tokenizer deserialize(String text) {
    List<String> vocab = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isEmpty()) {
          vocab.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Tokenizer(vocab);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tokenizer t && t.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode();
  }
}
