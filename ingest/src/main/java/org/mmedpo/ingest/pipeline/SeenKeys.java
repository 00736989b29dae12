package org.mmedpo.ingest.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.kafka.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the set of de-duplication keys from the topics themselves (Kafka is the source of
 * truth): reads every committed record of the given topics from the beginning to the end offsets
 * at start, keeping only the {@link IngestSink#DEDUPE_HEADER} header; values are never decoded.
 */
public final class SeenKeys {

  private static final Logger LOG = LoggerFactory.getLogger(SeenKeys.class);

  private SeenKeys() {}

  /** The keys found in {@code topics}. */
  public static Set<String> load(AppConfig config, List<String> topics, String header) {
    Map<String, Object> props = KafkaClients.consumer(config, null);
    Set<String> keys = new HashSet<>();
    long started = System.nanoTime();
    long records = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null) {
          throw new IllegalStateException("topic " + topic + " does not exist");
        }
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < ends.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          records++;
          Header h = record.headers().lastHeader(header);
          if (h != null) {
            keys.add(new String(h.value(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    LOG.info("read {} keys from {} records of {} in {} ms", keys.size(), records, topics,
        (System.nanoTime() - started) / 1_000_000);
    return keys;
  }
}
