package org.mmedpo.dashboard.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The latest values of one quantity (a raw score, a weight), each with a series label (the
 * dispreference kind), in a fixed-size ring; older values fall out. Not thread-safe: the owning
 * view synchronizes.
 */
public final class RecentValues {

  private final double[] values;
  private final String[] series;
  private int next;
  private int size;
  private long total;

  public RecentValues(int capacity) {
    values = new double[capacity];
    series = new String[capacity];
  }

  /** Adds a value; NaN and infinities are counted in {@link #total()} but not kept. */
  public void add(double value, String label) {
    total++;
    if (!Double.isFinite(value)) {
      return;
    }
    values[next] = value;
    series[next] = label;
    next = (next + 1) % values.length;
    size = Math.min(size + 1, values.length);
  }

  /** Values ever added, kept or not. */
  public long total() {
    return total;
  }

  /** Values kept (at most the capacity). */
  public int size() {
    return size;
  }

  /**
   * A histogram of the kept values in {@code bins} equal bins over [lo, hi], widened to hold every
   * value: a quantity with a known range (scores in [0, 1]) keeps that range, so the page's axis
   * does not jump as values arrive.
   */
  public Histogram histogram(int bins, double lo, double hi) {
    if (size == 0) {
      return new Histogram(0, total, lo, hi, null, null, null, List.of(), List.of());
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    TreeSet<String> labels = new TreeSet<>();
    for (int i = 0; i < size; i++) {
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
      sum += values[i];
      labels.add(series[i]);
    }
    double from = Math.min(lo, min);
    double to = Math.max(hi, max);
    if (to - from < 1e-9) {
      from -= 0.5;
      to += 0.5;
    }
    double width = (to - from) / bins;
    List<String> names = List.copyOf(labels);
    long[][] counts = new long[bins][names.size()];
    for (int i = 0; i < size; i++) {
      int bin = (int) Math.floor((values[i] - from) / width);
      bin = Math.max(0, Math.min(bins - 1, bin));
      counts[bin][names.indexOf(series[i])]++;
    }
    List<Histogram.Bin> result = new ArrayList<>(bins);
    for (int b = 0; b < bins; b++) {
      Map<String, Long> perSeries = new TreeMap<>();
      for (int s = 0; s < names.size(); s++) {
        perSeries.put(names.get(s), counts[b][s]);
      }
      result.add(new Histogram.Bin(from + b * width, from + (b + 1) * width, perSeries));
    }
    return new Histogram(size, total, from, to, min, max, sum / size, names, result);
  }
}
