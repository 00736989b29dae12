package org.mmedpo.streams.topology;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Nanoseconds spent in each stage's own work (not in Kafka), summed over threads; for the
 * benchmark's cost split. Thread-safe and cheap enough to leave on.
 */
public final class StageTimings {

  /**
   * The stages whose work is timed. NOISING is localizing, masking, noising and PNG encoding;
   * BLOB_IO is reading the image and writing the noised image and mask to the blob store;
   * REFERENCE is the reference model's log-probs of a sample (within assembly, timed apart).
   */
  public enum Stage { HALLUCINATION, NOISING, BLOB_IO, JUDGING, ASSEMBLY, REFERENCE }

  private final Map<Stage, LongAdder> nanos = new EnumMap<>(Stage.class);
  private final Map<Stage, LongAdder> counts = new EnumMap<>(Stage.class);

  public StageTimings() {
    for (Stage stage : Stage.values()) {
      nanos.put(stage, new LongAdder());
      counts.put(stage, new LongAdder());
    }
  }

  /** Adds one timed piece of work. */
  public void add(Stage stage, long elapsedNanos) {
    nanos.get(stage).add(elapsedNanos);
    counts.get(stage).increment();
  }

  public long nanos(Stage stage) {
    return nanos.get(stage).sum();
  }

  public long count(Stage stage) {
    return counts.get(stage).sum();
  }
}
