package org.mmedpo.evaluation.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Spearman's rank correlation: the Pearson correlation of the two samples' ranks, where tied values
 * share the average of the ranks they span (as {@code scipy.stats.spearmanr} does). The stream
 * processors use it to compare judge scores with the released MMedPO scores.
 */
public final class Spearman {

  private Spearman() {}

  /**
   * Spearman's rho of paired samples {@code x} and {@code y}.
   *
   * @param x the first sample
   * @param y the second sample, paired with {@code x} by index
   * @return rho in [-1, 1]; NaN when it is undefined: fewer than two pairs, or either sample
   *     constant (all ranks tied)
   * @throws IllegalArgumentException if the lengths differ or a value is NaN or infinite
   */
  public static double correlation(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("Spearman needs paired samples, got " + x.length + " and " + y.length + " values");
    }
    Stats.requireFinite(x);
    Stats.requireFinite(y);
    if (x.length < 2) {
      return Double.NaN;
    }
    return pearson(averageRanks(x), averageRanks(y));
  }

  /**
   * The 1-based ranks of {@code values} in ascending order, ties sharing their average rank
   * (e.g. {@code [10, 20, 20, 30] -> [1, 2.5, 2.5, 4]}).
   */
  public static double[] averageRanks(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    int start = 0;
    while (start < order.length) {
      int end = start;
      while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      // positions start..end (0-based) hold ranks start+1..end+1; their mean is:
      double rank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = rank;
      }
      start = end + 1;
    }
    return ranks;
  }

  /** Pearson's r; NaN if either sample has no variance. */
  static double pearson(double[] a, double[] b) {
    double meanA = Stats.mean(a);
    double meanB = Stats.mean(b);
    double covariance = 0;
    double varianceA = 0;
    double varianceB = 0;
    for (int i = 0; i < a.length; i++) {
      double da = a[i] - meanA;
      double db = b[i] - meanB;
      covariance += da * db;
      varianceA += da * da;
      varianceB += db * db;
    }
    if (varianceA == 0 || varianceB == 0) {
      return Double.NaN;
    }
    double r = covariance / Math.sqrt(varianceA * varianceB);
    return Math.max(-1.0, Math.min(1.0, r));
  }
}
