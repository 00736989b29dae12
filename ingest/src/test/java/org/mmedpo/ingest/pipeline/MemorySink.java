package org.mmedpo.ingest.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.ImageReportPair;

/**
 * An in-memory sink for unit tests. It counts published events as uncommitted until a commit, as
 * the Kafka sink's transactions do; {@code maybeCommit} commits once {@link #commitIntervalMs} has
 * passed since the last commit.
 */
final class MemorySink implements IngestSink {

  long commitIntervalMs;
  long lastCommit = System.currentTimeMillis();
  int uncommitted;
  int committed;
  final List<ImageReportPair> pairs = new ArrayList<>();
  final List<DeadLetter> deadLetters = new ArrayList<>();
  final Set<String> keys = new HashSet<>();

  @Override
  public synchronized boolean seen(String dedupeKey) {
    return keys.contains(dedupeKey);
  }

  @Override
  public synchronized void publishPair(String key, ImageReportPair pair, String dedupeKey) {
    pairs.add(pair);
    keys.add(dedupeKey);
    uncommitted++;
  }

  @Override
  public synchronized void publishDeadLetter(String key, DeadLetter letter, String dedupeKey) {
    deadLetters.add(letter);
    keys.add(dedupeKey);
    uncommitted++;
  }

  @Override
  public synchronized void maybeCommit() {
    if (System.currentTimeMillis() - lastCommit >= commitIntervalMs) {
      commit();
    }
  }

  @Override
  public synchronized void commit() {
    committed += uncommitted;
    uncommitted = 0;
    lastCommit = System.currentTimeMillis();
  }

  @Override
  public void close() {}
}
