package org.mmedpo.evaluation.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mmedpo.evaluation.text.PythonText;

/**
 * Sentence-level METEOR exactly as NLTK 3.8's {@code meteor_score([reference], hypothesis)} computes
 * it with its defaults: alpha 0.9, beta 3, gamma 0.5, tokens lower-cased, and words aligned in three
 * greedy passes (exact words, then Porter stems, then WordNet synonyms).
 *
 * <p>The score is {@code (1 - gamma * (chunks / m)^beta) * P * R / (alpha * P + (1 - alpha) * R)}
 * with m aligned words, {@code P = m / |hypothesis|}, {@code R = m / |reference|} and chunks the
 * number of runs of aligned words that are adjacent in both sentences. It is 0 when nothing aligns
 * or either side is empty.
 *
 * <p>Each pass walks the unaligned hypothesis words from last to first and aligns each with the
 * last unaligned reference word it matches (NLTK's greedy order, not the minimal-crossing search of
 * the METEOR paper). As in NLTK, the synonym pass works on the <em>stems</em> left over from the
 * stem pass: a reference stem matches when it is the hypothesis stem itself or a single-word lemma
 * name of a WordNet synset of the hypothesis stem.
 *
 * <p>Without WordNet ({@link #withoutSynonyms()}), the third pass is skipped; scores can then only
 * be lower than NLTK's, and {@link #matching()} says so for the report. Thread-safe.
 */
public final class Meteor {

  /** Weight of precision against recall in the harmonic mean (NLTK default). */
  public static final double ALPHA = 0.9;
  /** Shape of the fragmentation penalty (NLTK default). */
  public static final double BETA = 3.0;
  /** Maximum fragmentation penalty (NLTK default). */
  public static final double GAMMA = 0.5;

  private final PorterStemmer stemmer = new PorterStemmer();
  private final WordNet wordNet;

  private Meteor(WordNet wordNet) {
    this.wordNet = wordNet;
  }

  /** METEOR with all three matching stages, NLTK's full behaviour. */
  public static Meteor withSynonyms(WordNet wordNet) {
    return new Meteor(Objects.requireNonNull(wordNet, "wordNet"));
  }

  /** METEOR with exact and stem matching only, for machines without a WordNet database. */
  public static Meteor withoutSynonyms() {
    return new Meteor(null);
  }

  /** Synonyms if WordNet is given, otherwise exact and stem matching only. */
  public static Meteor of(Optional<WordNet> wordNet) {
    return wordNet.map(Meteor::withSynonyms).orElseGet(Meteor::withoutSynonyms);
  }

  /** A short description of the matching stages in use, for reports. */
  public String matching() {
    return wordNet == null
        ? "exact+stem (no WordNet: synonym stage off, scores may be lower than NLTK's)"
        : "exact+stem+WordNet synonyms (" + wordNet.directory() + ")";
  }

  /** True when the synonym stage runs. */
  public boolean usesSynonyms() {
    return wordNet != null;
  }

  /**
   * The METEOR score of {@code hypothesis} against {@code reference}, both already tokenized.
   *
   * @param reference the reference tokens
   * @param hypothesis the generated tokens
   * @return a score in [0, 1]
   */
  public double score(List<String> reference, List<String> hypothesis) {
    List<Word> hyp = enumerate(hypothesis);
    List<Word> ref = enumerate(reference);
    int hypLength = hyp.size();
    int refLength = ref.size();

    List<int[]> matches = new ArrayList<>();
    align(hyp, ref, matches, (h, r) -> h.equals(r));
    stemAll(hyp);
    stemAll(ref);
    align(hyp, ref, matches, (h, r) -> h.equals(r));
    if (wordNet != null) {
      align(hyp, ref, matches, (h, r) -> h.equals(r) || isSingleWordSynonym(h, r));
    }

    int m = matches.size();
    if (m == 0 || hypLength == 0 || refLength == 0) {
      return 0.0;
    }
    matches.sort(Comparator.comparingInt(pair -> pair[0]));
    double precision = (double) m / hypLength;
    double recall = (double) m / refLength;
    double fMean = precision * recall / (ALPHA * precision + (1 - ALPHA) * recall);
    double fragmentation = (double) chunks(matches) / m;
    double penalty = GAMMA * Math.pow(fragmentation, BETA);
    return (1 - penalty) * fMean;
  }

  /** A token and its position in the original sentence. */
  private static final class Word {
    final int position;
    String text;

    Word(int position, String text) {
      this.position = position;
      this.text = text;
    }
  }

  private interface Matcher {
    boolean matches(String hypothesisWord, String referenceWord);
  }

  private static List<Word> enumerate(List<String> tokens) {
    List<Word> words = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      words.add(new Word(i, PythonText.lower(tokens.get(i))));
    }
    return words;
  }

  private void stemAll(List<Word> words) {
    for (Word w : words) {
      w.text = stemmer.stem(w.text);
    }
  }

  private boolean isSingleWordSynonym(String hypothesisStem, String referenceStem) {
    return referenceStem.indexOf('_') < 0 && wordNet.synonyms(hypothesisStem).contains(referenceStem);
  }

  /** One greedy pass; removes the aligned words from both lists and records (hyp, ref) positions. */
  private static void align(List<Word> hyp, List<Word> ref, List<int[]> matches, Matcher matcher) {
    for (int i = hyp.size() - 1; i >= 0; i--) {
      for (int j = ref.size() - 1; j >= 0; j--) {
        if (matcher.matches(hyp.get(i).text, ref.get(j).text)) {
          matches.add(new int[] {hyp.get(i).position, ref.get(j).position});
          hyp.remove(i);
          ref.remove(j);
          break;
        }
      }
    }
  }

  /** Runs of matches consecutive in both sentences; matches are sorted by hypothesis position. */
  private static int chunks(List<int[]> matches) {
    int chunks = 1;
    for (int i = 0; i + 1 < matches.size(); i++) {
      int[] a = matches.get(i);
      int[] b = matches.get(i + 1);
      if (!(b[0] == a[0] + 1 && b[1] == a[1] + 1)) {
        chunks++;
      }
    }
    return chunks;
  }
}
