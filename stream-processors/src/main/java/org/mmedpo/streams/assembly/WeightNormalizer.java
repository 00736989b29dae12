package org.mmedpo.streams.assembly;

import org.mmedpo.events.WeightScheme;

/**
 * The weight w that multiplies a sample's DPO loss, from its raw clinical score s:
 *
 * <ul>
 *   <li>{@link WeightScheme#PAPER} (default): w = clip(1 + sqrt(v) (s - mean) / std, lo, hi) with
 *       v = 0.1, [lo, hi] = [0.75, 1.25], mean and std the running statistics of the scores seen so
 *       far (this one included). Before {@code minCount} scores, or while std is 0, the statistics
 *       say nothing yet: w = 1 and the sample is marked {@link WeightScheme#UNIFORM}, so the trainer
 *       knows it was not normalized.
 *   <li>{@link WeightScheme#RAW}: w = s, as the released code does.
 *   <li>{@link WeightScheme#UNIFORM}: w = 1, plain DPO.
 * </ul>
 */
public final class WeightNormalizer {

  /** A weight and the scheme that produced it. */
  public record Weight(double value, WeightScheme scheme) {}

  private final WeightScheme scheme;
  private final long minCount;
  private final double scale;
  private final double min;
  private final double max;

  /**
   * @param variance the variance of the normalized weights before clipping (0.1 in the paper)
   */
  public WeightNormalizer(WeightScheme scheme, long minCount, double variance, double min, double max) {
    if (scheme == WeightScheme.UNKNOWN) {
      throw new IllegalArgumentException("weight scheme must be PAPER, RAW or UNIFORM");
    }
    if (min > max) {
      throw new IllegalArgumentException("weight.min above weight.max");
    }
    this.scheme = scheme;
    this.minCount = minCount;
    this.scale = Math.sqrt(variance);
    this.min = min;
    this.max = max;
  }

  public WeightScheme scheme() {
    return scheme;
  }

  /** True when this normalizer uses running statistics (and so a state store). */
  public boolean needsStatistics() {
    return scheme == WeightScheme.PAPER;
  }

  /**
   * The weight of {@code score} given the statistics of every score so far, this one included.
   */
  public Weight weigh(double score, RunningStats stats) {
    return switch (scheme) {
      case RAW -> new Weight(score, WeightScheme.RAW);
      case UNIFORM -> new Weight(1.0, WeightScheme.UNIFORM);
      case PAPER -> {
        double std = stats.std();
        if (stats.count() < minCount || std <= 1e-12) {
          yield new Weight(1.0, WeightScheme.UNIFORM);
        }
        double w = 1 + scale * (score - stats.mean()) / std;
        yield new Weight(Math.max(min, Math.min(max, w)), WeightScheme.PAPER);
      }
      default -> throw new IllegalStateException("unexpected scheme " + scheme);
    };
  }
}
