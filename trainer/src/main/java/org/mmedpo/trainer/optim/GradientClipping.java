package org.mmedpo.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/** Global L2 gradient-norm clipping, as torch.nn.utils.clip_grad_norm_ does it. */
public final class GradientClipping {

  private GradientClipping() {}

  /**
   * Scales every gradient by {@code maxNorm / (norm + 1e-6)} when the global norm exceeds
   * {@code maxNorm} (no clipping when {@code maxNorm} is 0).
   *
   * @return the global L2 norm before clipping (TRL's grad_norm)
   */
  public static double clip(List<Parameter> parameters, double maxNorm, NDManager scratchParent) {
    try (NDManager scratch = scratchParent.newSubManager()) {
      double total = 0;
      NDArray[] grads = new NDArray[parameters.size()];
      for (int i = 0; i < grads.length; i++) {
        grads[i] = parameters.get(i).getArray().getGradient();
        scratch.attachAll(grads[i]);
        total += grads[i].square().sum().getFloat();
      }
      double norm = Math.sqrt(total);
      if (maxNorm > 0 && norm > maxNorm) {
        float scale = (float) (maxNorm / (norm + 1e-6));
        for (NDArray g : grads) {
          g.muli(scale);
        }
      }
      return norm;
    }
  }
}
