package org.mmedpo.trainer.stream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reference log-probs by sample id, computed once per sample and kept (least recently used
 * entries leave beyond {@code capacity}). The reference model is frozen, so a value never goes
 * stale; TRL calls this precompute_ref_log_probs, where the MMedPO code recomputes every step.
 */
public final class ReferenceCache {

  private final Map<String, double[]> values;
  private long hits;
  private long misses;

  public ReferenceCache(int capacity) {
    this.values = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
        return size() > capacity;
      }
    };
  }

  /** {chosen, rejected} reference log-probs of {@code sampleId}, or null. */
  public double[] get(String sampleId) {
    double[] v = values.get(sampleId);
    if (v == null) {
      misses++;
    } else {
      hits++;
    }
    return v;
  }

  public void put(String sampleId, double chosen, double rejected) {
    values.put(sampleId, new double[] {chosen, rejected});
  }

  public long hits() {
    return hits;
  }

  public long misses() {
    return misses;
  }

  public int size() {
    return values.size();
  }
}
