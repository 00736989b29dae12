package org.mmedpo.streams.hallucination;

/**
 * Makes the dispreferred text y_l of a preference pair: a clinically plausible but wrong version
 * of the ground-truth report or answer (MMedPO's D_t). Implementations are thread-safe and
 * deterministic for a given request seed where they can be.
 *
 * <p>Implemented by the built-in {@link ClinicalHallucinationEngine}, the OpenAI-compatible
 * {@link LlmHallucinator}, and {@link TargetModelHallucinator} (sample N answers from the current
 * model version and keep the one the judges find most in conflict with the ground truth).
 */
public interface Hallucinator {

  /** Name recorded as the variant's generator, e.g. {@code clinical-engine}. */
  String name();

  /** Version recorded as the variant's generator version. */
  String version();

  /**
   * A wrong version of {@code request.chosen()}.
   *
   * @throws HallucinationException when no acceptable variant can be made; the record then goes
   *     to the dead-letter topic with the exception's reason
   */
  HallucinatedText hallucinate(HallucinationRequest request);
}
