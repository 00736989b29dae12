package org.mmedpo.trainer.optim;

/**
 * Learning rate by step: linear warm-up from 0 to {@code peak} over {@code warmupSteps}, then
 * cosine decay to {@code min} reaching it at step {@code totalSteps} (and staying there), or
 * constant at {@code peak} when {@code totalSteps} is 0.
 *
 * @param peak learning rate after warm-up
 * @param min learning rate at the end of the cosine
 * @param warmupSteps steps of linear warm-up
 * @param totalSteps horizon of the cosine, in steps; 0 for a constant rate after warm-up
 */
public record LearningRateSchedule(double peak, double min, int warmupSteps, int totalSteps) {

  /** The rate of step {@code step} (counted from 1). */
  public double at(long step) {
    if (warmupSteps > 0 && step <= warmupSteps) {
      return peak * step / warmupSteps;
    }
    if (totalSteps <= 0) {
      return peak;
    }
    if (step >= totalSteps) {
      return min;
    }
    double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * progress));
  }
}
