package org.mmedpo.trainer.eval;

import org.mmedpo.evaluation.report.ReportScorer;
import org.mmedpo.evaluation.report.ReportScores;
import org.mmedpo.evaluation.vqa.MedVqa;

/**
 * {@link TextMetrics} computed as MMEDPO.md section 5 says, by the evaluation module: LLaVA-Med's
 * closed-hit and open-recall rules, NLTK-compatible BLEU (smoothing method 7), ROUGE-L F and
 * METEOR (with WordNet synonyms when /usr/share/wordnet is installed).
 */
public final class PaperMetrics implements TextMetrics {

  private final ReportScorer scorer;

  public PaperMetrics(ReportScorer scorer) {
    this.scorer = scorer;
  }

  /** Metrics with the system WordNet when present. */
  public static PaperMetrics create() {
    return new PaperMetrics(ReportScorer.withDefaultWordNet());
  }

  @Override
  public boolean closedHit(String groundTruth, String prediction) {
    return MedVqa.closedHit(groundTruth, prediction);
  }

  @Override
  public double openRecall(String groundTruth, String prediction) {
    return MedVqa.openRecall(groundTruth, prediction);
  }

  @Override
  public ReportMetrics report(String reference, String prediction) {
    ReportScores s = scorer.score(reference, prediction);
    return new ReportMetrics(s.bleu1(), s.bleu2(), s.bleu3(), s.bleu4(), s.rougeL(), s.meteor());
  }
}
