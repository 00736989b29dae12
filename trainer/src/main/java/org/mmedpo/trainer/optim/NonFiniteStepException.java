package org.mmedpo.trainer.optim;

import ai.djl.nn.Parameter;
import java.util.List;
import org.mmedpo.model.Autograd;

/**
 * A training step whose loss or gradient norm is not finite. The trainers throw it before the
 * update, so the parameters and optimizer state stay as they were (and the run's last
 * checkpoint stays valid). It stops the run: on valid data a correct step never produces it,
 * and skipping such steps silently would hide a defect and break bit-exact resumption.
 */
public final class NonFiniteStepException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private NonFiniteStepException(String message) {
    super(message);
  }

  /**
   * Throws when {@code loss} or {@code gradNorm} is NaN or infinite, after zeroing the
   * gradients of {@code parameters} (so nothing of the failed step carries over).
   *
   * @param trainer which trainer ran the step, for the message ("SFT", "DPO")
   * @param step the number the step would have had
   */
  public static void check(String trainer, long step, double loss, double gradNorm,
      List<Parameter> parameters) {
    if (Double.isFinite(loss) && Double.isFinite(gradNorm)) {
      return;
    }
    Autograd.zeroGradients(parameters);
    throw new NonFiniteStepException(trainer + " step " + step + ": loss " + loss
        + ", gradient norm " + gradNorm + "; nothing was updated, stopping");
  }
}
