package org.mmedpo.ingest.pipeline;

import java.io.IOException;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.deid.DeidSecret;
import org.mmedpo.ingest.deid.Pseudonymizer;

/**
 * Everything a running ingest holds: the blob store, the pseudonymizer with its secret, the
 * Kafka sink, and the {@link Ingestor} over them. Closing commits and releases them.
 */
public final class IngestRuntime implements AutoCloseable {

  private final IngestConfig config;
  private final BlobStore blobs;
  private final IngestSink sink;
  private final Ingestor ingestor;

  private IngestRuntime(IngestConfig config, BlobStore blobs, IngestSink sink, Ingestor ingestor) {
    this.config = config;
    this.blobs = blobs;
    this.sink = sink;
    this.ingestor = ingestor;
  }

  /** Opens the blob store and the Kafka sink that {@code config} names. */
  public static IngestRuntime open(IngestConfig config) throws IOException {
    byte[] secret = DeidSecret.resolve(config.deidSecret(), config.deidKeyFile());
    Pseudonymizer pseudonymizer = new Pseudonymizer(secret, config.shiftMaxDays());
    BlobStore blobs = BlobStore.open(config);
    Topics topics = Topics.create(config, EventSerdes.create(config));
    IngestSink sink;
    try {
      sink = new KafkaIngestSink(config, topics);
    } catch (RuntimeException e) {
      blobs.close();
      throw e;
    }
    return new IngestRuntime(config, blobs, sink, new Ingestor(config, blobs, pseudonymizer, sink));
  }

  public IngestConfig config() {
    return config;
  }

  public Ingestor ingestor() {
    return ingestor;
  }

  public IngestSink sink() {
    return sink;
  }

  @Override
  public void close() {
    try {
      sink.close();
    } finally {
      blobs.close();
    }
  }
}
