package org.mmedpo.streams.lesion;

/**
 * The forward-diffusion noise schedule of POVID that MMedPO uses: T steps (1000), beta_i rising
 * from {@code betaStart} (1e-5) to {@code betaEnd} (5e-3) along a sigmoid,
 * beta_i = betaStart + (betaEnd - betaStart) * sigmoid(-6 + 12 (i - 1) / (T - 1)) for i = 1..T,
 * and abar_k = prod_{i=1..k} (1 - beta_i), so that x_k = sqrt(abar_k) x + sqrt(1 - abar_k) eps.
 */
public final class NoiseSchedule {

  private final double[] betas;
  private final double[] alphaBars;

  public NoiseSchedule(int steps, double betaStart, double betaEnd) {
    if (steps < 2) {
      throw new IllegalArgumentException("need at least 2 steps");
    }
    betas = new double[steps];
    alphaBars = new double[steps];
    double product = 1;
    for (int i = 0; i < steps; i++) {
      double t = -6 + 12.0 * i / (steps - 1);
      betas[i] = betaStart + (betaEnd - betaStart) / (1 + Math.exp(-t));
      product *= 1 - betas[i];
      alphaBars[i] = product;
    }
  }

  /** POVID's schedule: 1000 steps, beta from 1e-5 to 5e-3 on a sigmoid. */
  public static NoiseSchedule povid() {
    return new NoiseSchedule(1000, 1e-5, 5e-3);
  }

  public int steps() {
    return betas.length;
  }

  /** beta_i for i in 1..T. */
  public double beta(int i) {
    return betas[i - 1];
  }

  /** abar_k for k in 1..T. */
  public double alphaBar(int k) {
    if (k < 1 || k > betas.length) {
      throw new IllegalArgumentException("step " + k + " outside 1.." + betas.length);
    }
    return alphaBars[k - 1];
  }
}
