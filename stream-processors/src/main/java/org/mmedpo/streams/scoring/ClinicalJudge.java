package org.mmedpo.streams.scoring;

import java.util.OptionalDouble;

/**
 * Scores the clinical relevance of the error in a dispreferred text, in [0, 1]: high for a
 * plausible error that would change management (denying a present pneumothorax), low for a
 * cosmetic rewording or an absurd statement nobody would believe. Thread-safe.
 *
 * <p>In the consensus protocol every judge but the first sees the score given before it and either
 * agrees with it or gives its own.
 */
public interface ClinicalJudge {

  /** Name recorded in {@code Judgement.judge}. */
  String name();

  /**
   * Judges {@code request}.
   *
   * @param shown the score given before, or empty for the first judgement
   * @throws org.mmedpo.streams.llm.ExternalCallException when an external judge cannot answer
   *     within its deadline
   */
  Verdict judge(JudgeRequest request, OptionalDouble shown);
}
