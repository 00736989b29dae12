package org.mmedpo.dashboard.view;

import java.util.List;
import java.util.Map;

/**
 * Counts of values in equal bins, split by series.
 *
 * @param n values binned
 * @param total values ever seen (n is smaller once the oldest fell out of the window)
 * @param lo lower edge of the first bin
 * @param hi upper edge of the last bin
 * @param min smallest value binned, null when empty
 * @param max largest value binned, null when empty
 * @param mean mean of the values binned, null when empty
 * @param series the series names, sorted
 * @param bins the bins, lowest first
 */
public record Histogram(long n, long total, double lo, double hi, Double min, Double max,
    Double mean, List<String> series, List<Bin> bins) {

  /** One bin: values v with lo &lt;= v &lt; hi (the last bin also holds hi). */
  public record Bin(double lo, double hi, Map<String, Long> counts) {}
}
