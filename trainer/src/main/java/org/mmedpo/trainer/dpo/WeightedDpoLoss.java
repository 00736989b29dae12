package org.mmedpo.trainer.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.mmedpo.model.TorchOwned;

/**
 * MMedPO's weighted DPO loss (MMEDPO.md section 3), exactly:
 *
 * <pre>
 *   z    = beta * [ (log pi(y_w|x) - log ref(y_w|x)) - (log pi(y_l|x*) - log ref(y_l|x*)) ]
 *   loss = mean over the batch of  w * -log sigmoid(z)
 * </pre>
 *
 * The weighted per-sample losses are averaged over the batch size, not divided by the sum of
 * weights, so a batch of low-weight samples moves the model less. {@code -log sigmoid(z)} is
 * computed as {@code softplus(-z) = max(-z, 0) + log(1 + exp(-|z|))}, stable for any z. The
 * constants are {@link TorchOwned} scalars: autograd keeps operands such as beta for backward.
 */
public final class WeightedDpoLoss {

  private WeightedDpoLoss() {}

  /**
   * The loss and TRL's per-sample statistics, as arrays of the inputs' manager.
   *
   * @param loss scalar batch loss
   * @param chosenRewards {@code [B]} beta * (log pi(y_w|x) - log ref(y_w|x))
   * @param rejectedRewards {@code [B]} beta * (log pi(y_l|x*) - log ref(y_l|x*))
   * @param margins {@code [B]} z = chosen minus rejected reward
   * @param perSample {@code [B]} w * -log sigmoid(z)
   */
  public record Output(NDArray loss, NDArray chosenRewards, NDArray rejectedRewards,
      NDArray margins, NDArray perSample) {}

  /**
   * Computes the loss.
   *
   * @param policyChosen {@code [B]} log pi_theta(y_w | x), summed over response tokens
   * @param policyRejected {@code [B]} log pi_theta(y_l | x*)
   * @param referenceChosen {@code [B]} log pi_ref(y_w | x)
   * @param referenceRejected {@code [B]} log pi_ref(y_l | x*)
   * @param weights {@code [B]} the sample weights w (all 1 for plain DPO)
   * @param beta the DPO beta (0.1 in the paper)
   */
  public static Output compute(NDArray policyChosen, NDArray policyRejected,
      NDArray referenceChosen, NDArray referenceRejected, NDArray weights, double beta) {
    NDManager m = policyChosen.getManager();
    NDArray betaArray = TorchOwned.scalar(m, (float) beta);
    NDArray chosen = policyChosen.sub(referenceChosen).mul(betaArray);
    NDArray rejected = policyRejected.sub(referenceRejected).mul(betaArray);
    NDArray z = chosen.sub(rejected);
    NDArray negLogSigmoid = z.neg().maximum(TorchOwned.scalar(m, 0f))
        .add(z.abs().neg().exp().add(TorchOwned.scalar(m, 1f)).log());
    NDArray perSample = weights.mul(negLogSigmoid);
    return new Output(perSample.mean(), chosen, rejected, z, perSample);
  }
}
