package org.mmedpo.ingest.pipeline;

import java.util.List;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.ImageReportPair;

/** Access to the in-memory sink from other test packages. */
public final class TestSinks {

  private TestSinks() {}

  public static IngestSink memory() {
    return new MemorySink();
  }

  public static List<ImageReportPair> pairs(IngestSink sink) {
    return ((MemorySink) sink).pairs;
  }

  public static List<DeadLetter> deadLetters(IngestSink sink) {
    return ((MemorySink) sink).deadLetters;
  }
}
