package org.mmedpo.ingest.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.ImageReportPair;

/** An in-memory sink for unit tests. */
final class MemorySink implements IngestSink {

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
  }

  @Override
  public synchronized void publishDeadLetter(String key, DeadLetter letter, String dedupeKey) {
    deadLetters.add(letter);
    keys.add(dedupeKey);
  }

  @Override
  public void maybeCommit() {}

  @Override
  public void commit() {}

  @Override
  public void close() {}
}
