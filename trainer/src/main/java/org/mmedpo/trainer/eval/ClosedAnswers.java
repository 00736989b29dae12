package org.mmedpo.trainer.eval;

import java.util.Locale;

/**
 * The closed-question hit rule of MMedPO's evaluation (MMEDPO.md section 5): a hit when the
 * normalized ground truth is a substring of the normalized prediction. Normalization lower-cases,
 * turns punctuation into spaces and collapses whitespace; the comparison is on whole words, so
 * "no" does not hit inside "none" or "nodule".
 */
public final class ClosedAnswers {

  private ClosedAnswers() {}

  public static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
  }

  public static boolean isHit(String groundTruth, String prediction) {
    String gt = normalize(groundTruth);
    String pred = normalize(prediction);
    return !gt.isEmpty() && (" " + pred + " ").contains(" " + gt + " ");
  }
}
