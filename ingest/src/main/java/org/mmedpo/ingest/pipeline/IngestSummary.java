package org.mmedpo.ingest.pipeline;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of one ingest run. Every file in is accounted once: {@code filesIn = filesIngested +
 * filesAlreadyIngested + filesDeadLettered}; {@code pairsOut} counts published pair events.
 */
public final class IngestSummary {

  private long filesIn;
  private long filesIngested;
  private long filesAlready;
  private long filesDead;
  private long pairsOut;
  private long pairsAlready;
  private final Map<String, Long> deadByReason = new TreeMap<>();

  synchronized void add(FileOutcome outcome) {
    filesIn++;
    switch (outcome.state()) {
      case INGESTED -> filesIngested++;
      case ALREADY_INGESTED -> filesAlready++;
      case DEAD_LETTERED -> {
        filesDead++;
        deadByReason.merge(outcome.reason(), 1L, Long::sum);
      }
      default -> throw new IllegalStateException();
    }
  }

  synchronized void pairOut() {
    pairsOut++;
  }

  synchronized void pairAlready() {
    pairsAlready++;
  }

  /** Adds another summary's counts. */
  public synchronized void addAll(IngestSummary other) {
    filesIn += other.filesIn;
    filesIngested += other.filesIngested;
    filesAlready += other.filesAlready;
    filesDead += other.filesDead;
    pairsOut += other.pairsOut;
    pairsAlready += other.pairsAlready;
    other.deadByReason.forEach((k, v) -> deadByReason.merge(k, v, Long::sum));
  }

  public synchronized long filesIn() {
    return filesIn;
  }

  public synchronized long filesIngested() {
    return filesIngested;
  }

  public synchronized long filesAlreadyIngested() {
    return filesAlready;
  }

  public synchronized long filesDeadLettered() {
    return filesDead;
  }

  public synchronized long pairsOut() {
    return pairsOut;
  }

  public synchronized long pairsAlreadyIngested() {
    return pairsAlready;
  }

  /** Dead-lettered files by reason. */
  public synchronized Map<String, Long> deadByReason() {
    return new TreeMap<>(deadByReason);
  }

  /** One line for the console. */
  @Override
  public synchronized String toString() {
    return String.format("files in %d = ingested %d + already ingested %d + dead-lettered %d; "
        + "pairs out %d (%d already ingested)", filesIn, filesIngested, filesAlready, filesDead,
        pairsOut, pairsAlready);
  }
}
