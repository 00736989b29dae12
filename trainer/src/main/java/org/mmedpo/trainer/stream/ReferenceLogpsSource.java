package org.mmedpo.trainer.stream;

import java.util.List;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.VlmSample;

/**
 * Where a sample's reference log-probs come from: the sample itself when the stream processors
 * enriched it with the reference version in use (their {@code PreferenceSample.reference}), else
 * the cache, else the frozen reference model (then cached by sample id). Counts each source, so a
 * run can say how many it reused. Not thread-safe (the trainer's loop is one thread).
 */
public final class ReferenceLogpsSource {

  private final MedVlm reference;
  private final String referenceVersion;
  private final ReferenceCache cache;
  private long fromEvent;
  private long computed;

  /**
   * @param reference the frozen reference model
   * @param referenceVersion its published version; only values computed by it are reused
   * @param cacheCapacity samples whose computed values are kept
   */
  public ReferenceLogpsSource(MedVlm reference, String referenceVersion, int cacheCapacity) {
    this.reference = reference;
    this.referenceVersion = referenceVersion;
    this.cache = new ReferenceCache(cacheCapacity);
  }

  /** {chosen, rejected} reference log-probs of {@code sample} (natural log, summed over response tokens). */
  public double[] of(PreferenceSample sample, VlmSample chosen, VlmSample rejected) {
    if (sample.getReference() != null
        && sample.getReference().getModelVersion().equals(referenceVersion)) {
      fromEvent++;
      return new double[] {sample.getReference().getChosenLogp(),
          sample.getReference().getRejectedLogp()};
    }
    double[] cached = cache.get(sample.getSampleId());
    if (cached != null) {
      return cached;
    }
    double[] values = reference.logProbs(List.of(chosen, rejected));
    cache.put(sample.getSampleId(), values[0], values[1]);
    computed++;
    return values;
  }

  /** Samples whose values came from the event (enriched by the stream processors). */
  public long fromEvent() {
    return fromEvent;
  }

  /** Samples whose values came from the cache (computed earlier in this run). */
  public long cacheHits() {
    return cache.hits();
  }

  /** Samples whose values the reference model computed. */
  public long computed() {
    return computed;
  }
}
