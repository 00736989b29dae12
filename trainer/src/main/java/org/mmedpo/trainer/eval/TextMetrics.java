package org.mmedpo.trainer.eval;

/**
 * The metric functions evaluation needs (MMEDPO.md section 5), behind an interface so the
 * trainer's evaluation loop does not depend on how they are implemented.
 */
public interface TextMetrics {

  /** Closed question: the normalized ground truth is in the normalized prediction. */
  boolean closedHit(String groundTruth, String prediction);

  /** Open question: share of ground-truth tokens found in the prediction, in [0, 1]. */
  double openRecall(String groundTruth, String prediction);

  /** Report scores of one generated report against its reference. */
  ReportMetrics report(String reference, String prediction);

  /**
   * Report-generation scores, each in [0, 1].
   *
   * @param bleu1 BLEU-1
   * @param bleu2 BLEU-2
   * @param bleu3 BLEU-3
   * @param bleu4 BLEU-4
   * @param rougeL ROUGE-L F-measure
   * @param meteor METEOR
   */
  record ReportMetrics(double bleu1, double bleu2, double bleu3, double bleu4, double rougeL,
      double meteor) {

    /** BLEU as the paper reports it: the mean of BLEU-1..4. */
    public double bleu() {
      return (bleu1 + bleu2 + bleu3 + bleu4) / 4;
    }
  }
}
