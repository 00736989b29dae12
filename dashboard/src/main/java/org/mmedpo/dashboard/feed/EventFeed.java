package org.mmedpo.dashboard.feed;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.dashboard.DashboardConfig;
import org.mmedpo.dashboard.view.PipelineView;
import org.mmedpo.schemas.EventContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pipeline's event topics into a {@link PipelineView}. It assigns every partition itself
 * (no consumer group, so it never commits offsets and never disturbs the pipeline's groups),
 * starts each partition at most {@code dashboard.replay.records.per.partition} records before its
 * end, then follows it. A record it cannot decode is counted per topic, never silently skipped.
 * Partitions of topics created later are picked up every few seconds.
 */
public final class EventFeed implements AutoCloseable {

  /** The topics read; pairs are only counted, from end offsets, by the cluster watcher. */
  public static final List<EventContract> FOLLOWED = List.of(EventContract.VARIANTS,
      EventContract.SCORES, EventContract.PREFERENCES, EventContract.MODEL_VERSIONS,
      EventContract.TRAINER_METRICS, EventContract.DLQ);

  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long REASSIGN_EVERY_MS = 5_000;

  private final DashboardConfig config;
  private final PipelineView view;
  private final ServiceMetrics metrics;
  private final Map<String, Decoder> decoders = new LinkedHashMap<>();
  private final Set<String> warnedTopics = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean running = true;
  private volatile Throwable failure;

  private record Decoder(EventContract contract, Deserializer<?> values, Counter read,
      Counter undecodable) {}

  public EventFeed(DashboardConfig config, Topics topics, PipelineView view, ServiceMetrics metrics) {
    this.config = config;
    this.view = view;
    this.metrics = metrics;
    for (EventContract contract : FOLLOWED) {
      Topic<?> topic = topics.of(contract);
      decoders.put(topic.name(), new Decoder(contract, topic.valueSerde().deserializer(),
          Counter.builder("mmedpo.dashboard.records.read").tag("topic", topic.name())
              .description("Records the dashboard read and decoded").register(metrics.registry()),
          Counter.builder("mmedpo.dashboard.records.undecodable").tag("topic", topic.name())
              .description("Records the dashboard could not decode").register(metrics.registry())));
    }
    this.thread = new Thread(this::run, "mmedpo-dashboard-feed");
    thread.setDaemon(true);
  }

  /** Starts reading in a thread of its own. */
  public void start() {
    thread.start();
  }

  /** True while the reading thread runs and has not failed. */
  public boolean healthy() {
    return thread.isAlive() && failure == null;
  }

  private void run() {
    Map<String, Object> props = KafkaClients.consumer(config, null);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mmedpo-dashboard-feed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    try (KafkaConsumer<String, byte[]> kafka =
             new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer = kafka;
      metrics.monitor(kafka);
      Set<TopicPartition> assigned = new HashSet<>();
      long lastAssign = 0;
      while (running) {
        long now = System.currentTimeMillis();
        if (now - lastAssign > REASSIGN_EVERY_MS) {
          assignNew(kafka, assigned);
          lastAssign = now;
        }
        if (assigned.isEmpty()) {
          Thread.sleep(POLL.toMillis());
          continue;
        }
        for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
          decode(record);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        failure = e;
        LOG.error("the dashboard stopped reading events", e);
      }
    }
  }

  /** Assigns partitions of followed topics not yet assigned and positions them. */
  private void assignNew(KafkaConsumer<String, byte[]> kafka, Set<TopicPartition> assigned) {
    List<TopicPartition> added = new ArrayList<>();
    for (String topic : decoders.keySet()) {
      List<PartitionInfo> partitions;
      try {
        partitions = kafka.partitionsFor(topic, Duration.ofSeconds(5));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        LOG.debug("no partitions of {} yet", topic);
        continue;
      }
      for (PartitionInfo info : partitions == null ? List.<PartitionInfo>of() : partitions) {
        TopicPartition tp = new TopicPartition(info.topic(), info.partition());
        if (!assigned.contains(tp)) {
          added.add(tp);
        }
      }
    }
    if (added.isEmpty()) {
      return;
    }
    assigned.addAll(added);
    kafka.assign(assigned);
    Map<TopicPartition, Long> begins = kafka.beginningOffsets(added);
    Map<TopicPartition, Long> ends = kafka.endOffsets(added);
    long replay = config.replayRecordsPerPartition();
    for (TopicPartition tp : added) {
      long begin = begins.getOrDefault(tp, 0L);
      long end = ends.getOrDefault(tp, begin);
      kafka.seek(tp, replay < 0 ? begin : Math.max(begin, end - replay));
    }
    LOG.info("reading {} more partitions of the pipeline's topics", added.size());
  }

  private void decode(ConsumerRecord<String, byte[]> record) {
    Decoder decoder = decoders.get(record.topic());
    if (decoder == null) {
      return;
    }
    Object value;
    try {
      value = record.value() == null ? null
          : decoder.values().deserialize(record.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      decoder.undecodable().increment();
      view.undecodable(record.topic());
      if (warnedTopics.add(record.topic())) {
        LOG.warn("cannot decode a record of {} (partition {}, offset {}): {}; further ones are "
            + "only counted", record.topic(), record.partition(), record.offset(), e.getMessage());
      }
      return;
    }
    decoder.read().increment();
    view.accept(decoder.contract(), record.key(), value);
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, byte[]> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
