package org.mmedpo.streams.scoring;

/**
 * One judge's answer.
 *
 * @param score clinical relevance of the error in [0, 1] (the shown score when it agreed)
 * @param agreed true when the judge agreed with the score it was shown
 * @param rationale the judge's reason
 */
public record Verdict(double score, boolean agreed, String rationale) {

  public Verdict {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score outside [0, 1]: " + score);
    }
  }
}
