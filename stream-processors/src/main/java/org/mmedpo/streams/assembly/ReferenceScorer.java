package org.mmedpo.streams.assembly;

import java.util.Optional;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.ReferenceLogps;
import org.mmedpo.streams.llm.Deadline;

/**
 * Computes the frozen reference model's summed response log-probabilities of both sides of a
 * sample, log pi_ref(y_w | x) and log pi_ref(y_l | x*), so the trainer never recomputes them
 * (TRL's precompute_ref_log_probs). Thread-safe.
 *
 * <p>Implemented by {@link ModelReferenceScorer} (the newest BASE version, followed live); without
 * enrichment ({@code reference.enrichment=false}) {@code PreferenceSample.reference} stays null.
 */
public interface ReferenceScorer {

  /**
   * The reference log-probs of {@code sample}, or empty when the reference model cannot score it
   * (e.g. no reference model version published yet).
   */
  Optional<ReferenceLogps> score(PreferenceSample sample, Deadline deadline);
}
