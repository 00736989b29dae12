package org.mmedpo.evaluation.report;

/**
 * The report-generation metrics of one generated report against its reference, as fractions:
 * ROUGE-L and METEOR lie in [0, 1]; NLTK's method-7 BLEU can exceed 1 slightly (see {@link Bleu}).
 *
 * @param bleu1 BLEU-1 (weights (1)), NLTK smoothing method 7
 * @param bleu2 BLEU-2 (weights (1/2, 1/2))
 * @param bleu3 BLEU-3 (weights (1/3, 1/3, 1/3))
 * @param bleu4 BLEU-4 (weights (1/4, 1/4, 1/4, 1/4))
 * @param rougeL ROUGE-L F1 (rouge_score)
 * @param meteor METEOR (NLTK)
 */
public record ReportScores(double bleu1, double bleu2, double bleu3, double bleu4, double rougeL,
    double meteor) {

  /** BLEU as the MMedPO paper reports it: the mean of BLEU-1 to BLEU-4. */
  public double bleu() {
    return (bleu1 + bleu2 + bleu3 + bleu4) / 4;
  }
}
