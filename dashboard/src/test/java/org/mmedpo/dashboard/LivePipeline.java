package org.mmedpo.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.dashboard.PipelineEvents.PairEvents;
import org.mmedpo.events.TrainingMetrics;
import org.mmedpo.platform.EmbeddedPlatform;
import org.mmedpo.platform.PlatformConfig;

/**
 * The embedded platform on free loopback ports in a temporary data folder, a dashboard configured
 * against it, and a producer that publishes {@link PipelineEvents} as the pipeline's stages would.
 * The registry jar is found through {@code MMEDPO_HOME} or above the working folder.
 */
final class LivePipeline implements AutoCloseable {

  final EmbeddedPlatform platform;
  final DashboardConfig config;
  final Topics topics;
  final BlobStore blobs;
  final PipelineEvents events;
  private final KafkaProducer<String, byte[]> producer;

  private LivePipeline(EmbeddedPlatform platform, DashboardConfig config) {
    this.platform = platform;
    this.config = config;
    this.topics = Topics.create(config, EventSerdes.create(config));
    this.blobs = BlobStore.open(config.blobStoreUri());
    this.events = new PipelineEvents(blobs);
    this.producer = new KafkaProducer<>(KafkaClients.producer(config, "test-pipeline"),
        new StringSerializer(), new ByteArraySerializer());
  }

  static LivePipeline start(Path dataDir) {
    PlatformConfig platformConfig = new PlatformConfig(ConfigSources.ofFlags(Map.of(
        "data.dir", dataDir.toString(),
        "platform.kafka.port", String.valueOf(freePort()),
        "platform.registry.port", String.valueOf(freePort()),
        "topic.partitions", "3")));
    EmbeddedPlatform platform = EmbeddedPlatform.start(platformConfig);
    DashboardConfig config = new DashboardConfig(ConfigSources.ofFlags(Map.of(
        "data.dir", dataDir.toString(),
        "bootstrap.servers", platform.bootstrapServers(),
        "schema.registry.url", platform.registryUrl(),
        "dashboard.port", "0",
        "dashboard.cluster.poll.ms", "500",
        "dashboard.push.interval.ms", "200")));
    return new LivePipeline(platform, config);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  <V> void send(Topic<V> topic, String key, V value) {
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
    try {
      producer.send(new ProducerRecord<>(topic.name(), key, bytes)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to " + topic.name(), e);
    }
  }

  /** Bytes that are not an event, as a broken producer might write them. */
  void sendGarbage(Topic<?> topic) throws Exception {
    producer.send(new ProducerRecord<>(topic.name(), "garbage", new byte[] {1, 2, 3}))
        .get(30, TimeUnit.SECONDS);
  }

  /** Pair {@code i} through every stage: ingested, two variants, two scores, two samples. */
  void sendPair(int i) {
    send(topics.pairs(), "pair-" + i, events.ingested(i));
    PairEvents pair = events.pair(i);
    pair.variants().forEach(v -> send(topics.variants(), v.getPairId(), v));
    pair.scores().forEach(s -> send(topics.scores(), s.getPairId(), s));
    pair.samples().forEach(s -> send(topics.preferences(), s.getSampleId(), s));
  }

  void sendMetrics(String runId, int from, int to) {
    for (TrainingMetrics m : events.metrics(runId, from, to)) {
      send(topics.trainerMetrics(), runId, m);
    }
  }

  void sendVersion(int n) {
    send(topics.modelVersions(), "v" + n, events.version(n));
  }

  /** Commits offset {@code committed} on every partition of {@code topic} for {@code group}. */
  void commit(String group, Topic<?> topic, long committed) throws Exception {
    try (Admin admin = Admin.create(KafkaClients.admin(config))) {
      int partitions = admin.describeTopics(List.of(topic.name())).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(topic.name()).partitions().size();
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        offsets.put(new TopicPartition(topic.name(), p), new OffsetAndMetadata(committed));
      }
      admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Sum of the end offsets of {@code topic}. */
  long endOffsets(Topic<?> topic) throws Exception {
    try (Admin admin = Admin.create(KafkaClients.admin(config))) {
      int partitions = admin.describeTopics(List.of(topic.name())).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(topic.name()).partitions().size();
      Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic.name(), p), org.apache.kafka.clients.admin.OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(info -> info.offset()).sum();
    }
  }

  @Override
  public void close() {
    producer.close();
    blobs.close();
    platform.close();
  }
}
