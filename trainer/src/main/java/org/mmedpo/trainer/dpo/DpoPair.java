package org.mmedpo.trainer.dpo;

import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.model.VlmSample;

/**
 * One preference pair ready for a step. A weight or reference log-prob that is not a finite
 * number is refused here (the streaming trainer dead-letters the sample): in a step it would
 * make the loss non-finite, which stops training.
 *
 * @param sampleId the PreferenceSample id
 * @param kind TEXT_HALLUCINATION or LESION_NEGLECT
 * @param chosen (x, prompt, y_w)
 * @param rejected (x*, prompt, y_l)
 * @param weight w (1 when weights are off)
 * @param referenceChosen log pi_ref(y_w | x)
 * @param referenceRejected log pi_ref(y_l | x*)
 */
public record DpoPair(String sampleId, DispreferenceKind kind, VlmSample chosen,
    VlmSample rejected, double weight, double referenceChosen, double referenceRejected) {

  /**
   * @throws IllegalArgumentException when the weight is negative or not finite, or a reference
   *     log-prob is not finite
   */
  public DpoPair {
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException("weight " + weight + " is not a finite non-negative"
          + " number");
    }
    if (!Double.isFinite(referenceChosen) || !Double.isFinite(referenceRejected)) {
      throw new IllegalArgumentException("reference log-probs " + referenceChosen + " / "
          + referenceRejected + " are not finite");
    }
  }
}
