package org.mmedpo.trainer.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.model.Autograd;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.TorchOwned;
import org.mmedpo.model.VlmSample;
import org.mmedpo.trainer.optim.AdamW;
import org.mmedpo.trainer.optim.GradientClipping;
import org.mmedpo.trainer.optim.NonFiniteStepException;

/**
 * One weighted-DPO optimizer step on a micro-batch: a forward pass over the chosen side (x, y_w)
 * and a separate one over the rejected side (x*, y_l), each with its own images; the loss of
 * {@link WeightedDpoLoss}; backward; gradient clipping; an AdamW update. All arrays of the step
 * live in one sub-manager closed at its end.
 */
public final class DpoStep {

  /**
   * TRL's per-step statistics (batch means unless said otherwise).
   *
   * @param loss the batch loss
   * @param rewardsChosen mean beta*(log pi(y_w|x) - log ref(y_w|x))
   * @param rewardsRejected mean beta*(log pi(y_l|x*) - log ref(y_l|x*))
   * @param rewardsMargins mean z
   * @param rewardsAccuracies share of pairs with z > 0
   * @param weightedMargin mean w*z
   * @param logpsChosen mean log pi(y_w|x)
   * @param logpsRejected mean log pi(y_l|x*)
   * @param gradNorm global gradient norm before clipping
   * @param weightMean mean weight
   * @param weightMin smallest weight
   * @param weightMax largest weight
   * @param textSamples TEXT_HALLUCINATION pairs
   * @param imageSamples LESION_NEGLECT pairs
   */
  public record Stats(double loss, double rewardsChosen, double rewardsRejected,
      double rewardsMargins, double rewardsAccuracies, double weightedMargin, double logpsChosen,
      double logpsRejected, double gradNorm, double weightMean, double weightMin,
      double weightMax, int textSamples, int imageSamples) {}

  /**
   * The forward half of a step, as arrays of the caller's manager.
   *
   * @param logpsChosen {@code [B]} log pi(y_w | x)
   * @param logpsRejected {@code [B]} log pi(y_l | x*)
   * @param loss the loss and its per-sample statistics
   */
  public record Forward(NDArray logpsChosen, NDArray logpsRejected,
      WeightedDpoLoss.Output loss) {}

  private DpoStep() {}

  /**
   * The policy's log-probs of both sides of {@code batch} and the weighted DPO loss, built on
   * {@code m}; part of the autograd graph when a gradient collector is open.
   */
  public static Forward forward(MedVlm policy, NDManager m, List<DpoPair> batch, double beta) {
    int b = batch.size();
    List<VlmSample> chosen = new ArrayList<>(b);
    List<VlmSample> rejected = new ArrayList<>(b);
    float[] refC = new float[b];
    float[] refR = new float[b];
    float[] w = new float[b];
    for (int i = 0; i < b; i++) {
      DpoPair p = batch.get(i);
      chosen.add(p.chosen());
      rejected.add(p.rejected());
      refC[i] = (float) p.referenceChosen();
      refR[i] = (float) p.referenceRejected();
      w[i] = (float) p.weight();
    }
    NDArray pc = policy.responseLogProbs(m, chosen).sum();
    NDArray pr = policy.responseLogProbs(m, rejected).sum();
    return new Forward(pc, pr, WeightedDpoLoss.compute(pc, pr, TorchOwned.floats(m, refC),
        TorchOwned.floats(m, refR), TorchOwned.floats(m, w), beta));
  }

  /**
   * Runs the step; takes {@link Autograd#LOCK} for the forward, backward and update.
   *
   * @throws NonFiniteStepException when the loss or the gradient norm is not finite; nothing was
   *     updated and the gradients are zeroed. A correct step on valid data never does this, so it
   *     stops the run instead of being skipped.
   */
  public static Stats run(MedVlm policy, AdamW adam, List<DpoPair> batch, double beta,
      double learningRate, double gradClip) {
    int b = batch.size();
    float[] w = new float[b];
    int text = 0;
    for (int i = 0; i < b; i++) {
      DpoPair p = batch.get(i);
      w[i] = (float) p.weight();
      text += p.kind() == DispreferenceKind.TEXT_HALLUCINATION ? 1 : 0;
    }
    float[] chosenRewards;
    float[] rejectedRewards;
    float[] margins;
    float[] logpsC;
    float[] logpsR;
    double loss;
    double gradNorm;
    Autograd.LOCK.lock();
    try {
      try (NDManager m = policy.manager().newSubManager();
          GradientCollector collector = Autograd.collector()) {
        Forward f = forward(policy, m, batch, beta);
        WeightedDpoLoss.Output out = f.loss();
        collector.backward(out.loss());
        loss = out.loss().getFloat();
        chosenRewards = out.chosenRewards().toFloatArray();
        rejectedRewards = out.rejectedRewards().toFloatArray();
        margins = out.margins().toFloatArray();
        logpsC = f.logpsChosen().toFloatArray();
        logpsR = f.logpsRejected().toFloatArray();
      }
      gradNorm = GradientClipping.clip(policy.parameters(), gradClip, policy.manager());
      NonFiniteStepException.check("DPO", adam.step() + 1, loss, gradNorm, policy.parameters());
      adam.update(learningRate);
    } finally {
      Autograd.LOCK.unlock();
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sumW = 0;
    double sumWz = 0;
    int wins = 0;
    for (int i = 0; i < b; i++) {
      min = Math.min(min, w[i]);
      max = Math.max(max, w[i]);
      sumW += w[i];
      sumWz += w[i] * margins[i];
      wins += chosenRewards[i] > rejectedRewards[i] ? 1 : 0;
    }
    return new Stats(loss, mean(chosenRewards), mean(rejectedRewards), mean(margins),
        (double) wins / b, sumWz / b, mean(logpsC), mean(logpsR), gradNorm, sumW / b, min, max,
        text, b - text);
  }

  private static double mean(float[] values) {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return values.length == 0 ? 0 : s / values.length;
  }
}
