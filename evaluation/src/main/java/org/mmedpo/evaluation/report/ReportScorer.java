package org.mmedpo.evaluation.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mmedpo.evaluation.text.PythonText;

/**
 * Scores a generated report against its reference with the metrics of MMEDPO.md section 5:
 * BLEU-1 to BLEU-4 (and their mean), ROUGE-L F and METEOR.
 *
 * <p>Tokenization: BLEU and METEOR take {@link #tokenize} tokens (lower-case, split on whitespace,
 * Python's {@code text.lower().split()}, as LLaVA-Med's evaluation feeds NLTK's
 * {@code sentence_bleu}); ROUGE-L tokenizes the raw texts itself, as rouge_score does. Punctuation
 * therefore stays attached for BLEU and METEOR ({@code "effusion."} differs from {@code "effusion"}).
 * Thread-safe.
 */
public final class ReportScorer {

  private final Meteor meteor;

  private ReportScorer(Meteor meteor) {
    this.meteor = Objects.requireNonNull(meteor, "meteor");
  }

  /** A scorer whose METEOR uses WordNet synonyms if {@code wordNet} is present. */
  public static ReportScorer create(Optional<WordNet> wordNet) {
    return new ReportScorer(Meteor.of(wordNet));
  }

  /**
   * A scorer using the WordNet database at {@link WordNet#DEFAULT_DIR} (Debian {@code wordnet-base})
   * if installed, otherwise METEOR without synonyms (logged, and reported by {@link #meteorMatching()}).
   */
  public static ReportScorer withDefaultWordNet() {
    return create(WordNet.loadIfPresent(WordNet.DEFAULT_DIR));
  }

  /** Describes METEOR's matching stages, to print beside the scores. */
  public String meteorMatching() {
    return meteor.matching();
  }

  /** True when METEOR matches WordNet synonyms as NLTK does. */
  public boolean meteorUsesSynonyms() {
    return meteor.usesSynonyms();
  }

  /**
   * All report metrics of {@code prediction} against {@code reference}. An empty prediction or
   * reference scores 0 on every metric, as in NLTK and rouge_score.
   *
   * @param reference the reference report
   * @param prediction the generated report
   */
  public ReportScores score(String reference, String prediction) {
    List<String> ref = tokenize(reference);
    List<String> hyp = tokenize(prediction);
    return new ReportScores(
        Bleu.bleuN(ref, hyp, 1),
        Bleu.bleuN(ref, hyp, 2),
        Bleu.bleuN(ref, hyp, 3),
        Bleu.bleuN(ref, hyp, 4),
        RougeL.fMeasure(reference, prediction),
        meteor.score(ref, hyp));
  }

  /** The BLEU and METEOR tokens of a text: Python's {@code text.lower().split()}. */
  public static List<String> tokenize(String text) {
    return PythonText.lowerSplit(text);
  }
}
