package org.mmedpo.trainer.dpo;

import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.model.VlmSample;

/**
 * One preference pair ready for a step.
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
    VlmSample rejected, double weight, double referenceChosen, double referenceRejected) {}
