package org.mmedpo.ingest.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.ingest.IngestConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to Kafka with one transactional producer: pairs to {@code mmedpo.pairs.v1} keyed by
 * study pseudonym, dead letters to {@code mmedpo.dlq.v1} with their provenance headers, each with
 * the de-duplication header. Commits on a timer ({@code ingest.commit.interval.ms}), not per
 * record: a transaction per handful of records costs most of the producer's throughput. On start,
 * the keys of every committed ingest event are read back from both topics, so a restarted or
 * repeated ingest publishes nothing twice; records of an aborted or crashed transaction are not
 * seen by read_committed readers and are published again.
 */
public final class KafkaIngestSink implements IngestSink {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaIngestSink.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final Topic<ImageReportPair> pairTopic;
  private final Topic<DeadLetter> dlqTopic;
  private final Serializer<String> keys;
  private final Serializer<ImageReportPair> pairSerializer;
  private final Serializer<DeadLetter> dlqSerializer;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final long intervalMs;
  private long lastCommit = System.currentTimeMillis();
  private boolean open;
  private long uncommitted;

  public KafkaIngestSink(IngestConfig config, Topics topics) {
    this.pairTopic = topics.pairs();
    this.dlqTopic = topics.dlq();
    this.keys = pairTopic.keySerde().serializer();
    this.pairSerializer = pairTopic.valueSerde().serializer();
    this.dlqSerializer = dlqTopic.valueSerde().serializer();
    this.intervalMs = config.commitIntervalMs();
    seen.addAll(SeenKeys.load(config, List.of(pairTopic.name(), dlqTopic.name()), DEDUPE_HEADER));
    Map<String, Object> props = KafkaClients.producer(config, "mmedpo-ingest");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
    // With several requests in flight, the first batches after each commit (transactions v2
    // bump the producer epoch) are refused as out of order and retried; one in flight avoids the
    // retries and costs nothing here, where decoding images, not producing, is the bottleneck.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    producer.initTransactions();
  }

  @Override
  public boolean seen(String dedupeKey) {
    return seen.contains(dedupeKey);
  }

  @Override
  public synchronized void publishPair(String key, ImageReportPair pair, String dedupeKey) {
    begin();
    Headers headers = new RecordHeaders().add(DEDUPE_HEADER, dedupeKey.getBytes(StandardCharsets.UTF_8));
    producer.send(new ProducerRecord<>(pairTopic.name(), null, keys.serialize(pairTopic.name(), key),
        pairSerializer.serialize(pairTopic.name(), pair), headers));
    seen.add(dedupeKey);
    uncommitted++;
  }

  @Override
  public synchronized void publishDeadLetter(String key, DeadLetter letter, String dedupeKey) {
    begin();
    Headers headers = DeadLetters.headers(letter);
    headers.add(DEDUPE_HEADER, dedupeKey.getBytes(StandardCharsets.UTF_8));
    producer.send(new ProducerRecord<>(dlqTopic.name(), null, keys.serialize(dlqTopic.name(), key),
        dlqSerializer.serialize(dlqTopic.name(), letter), headers));
    seen.add(dedupeKey);
    uncommitted++;
  }

  private void begin() {
    if (!open) {
      producer.beginTransaction();
      open = true;
    }
  }

  @Override
  public synchronized void maybeCommit() {
    if (open && System.currentTimeMillis() - lastCommit >= intervalMs) {
      commit();
    }
  }

  @Override
  public synchronized void commit() {
    if (open) {
      producer.commitTransaction();
      LOG.debug("committed {} events", uncommitted);
      open = false;
      uncommitted = 0;
    }
    lastCommit = System.currentTimeMillis();
  }

  @Override
  public synchronized void close() {
    try {
      commit();
    } finally {
      producer.close();
    }
  }
}
