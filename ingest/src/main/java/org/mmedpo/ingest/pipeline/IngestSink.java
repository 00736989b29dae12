package org.mmedpo.ingest.pipeline;

import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.ImageReportPair;

/**
 * Where ingest publishes. Every event carries a de-duplication key; an event whose key was
 * published before (in this run or, for Kafka, in any committed earlier run) is not published
 * again. Implementations are thread-safe.
 */
public interface IngestSink extends AutoCloseable {

  /** Header naming an event's de-duplication key. */
  String DEDUPE_HEADER = "mmedpo.ingest.key";

  /** True when an event with this key was already published. */
  boolean seen(String dedupeKey);

  /** Publishes a pair under {@code key} (the study pseudonym). */
  void publishPair(String key, ImageReportPair pair, String dedupeKey);

  /** Publishes a dead letter under {@code key} (the relative file). */
  void publishDeadLetter(String key, DeadLetter letter, String dedupeKey);

  /** Commits what was published when the commit interval has passed. */
  void maybeCommit();

  /** Commits what was published. */
  void commit();

  @Override
  void close();
}
