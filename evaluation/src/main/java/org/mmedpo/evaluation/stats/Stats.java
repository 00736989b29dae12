package org.mmedpo.evaluation.stats;

/**
 * Means and standard deviations of plain samples. Empty or too-small samples give NaN, which
 * propagates visibly rather than masquerading as a number; NaN inputs are rejected.
 */
public final class Stats {

  private Stats() {}

  /** The arithmetic mean; NaN for an empty sample. */
  public static double mean(double[] values) {
    requireFinite(values);
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /**
   * The sample standard deviation, with Bessel's correction ({@code n - 1} in the denominator,
   * like {@code numpy.std(x, ddof=1)}); NaN for fewer than two values.
   */
  public static double sampleStd(double[] values) {
    requireFinite(values);
    return values.length < 2 ? Double.NaN : Math.sqrt(sumOfSquaredDeviations(values) / (values.length - 1));
  }

  /**
   * The population standard deviation ({@code n} in the denominator, like {@code numpy.std(x)});
   * NaN for an empty sample.
   */
  public static double populationStd(double[] values) {
    requireFinite(values);
    return values.length == 0 ? Double.NaN : Math.sqrt(sumOfSquaredDeviations(values) / values.length);
  }

  private static double sumOfSquaredDeviations(double[] values) {
    double mean = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return sum;
  }

  static void requireFinite(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("Value " + i + " is " + values[i] + "; statistics need finite numbers");
      }
    }
  }
}
