package org.mmedpo.ingest;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.platform.EmbeddedPlatform;
import org.mmedpo.platform.PlatformConfig;

/** The embedded platform on free ports in a temporary folder, for integration tests. */
public final class TestPlatform implements AutoCloseable {

  private final EmbeddedPlatform platform;
  private final Map<String, String> flags;

  private TestPlatform(EmbeddedPlatform platform, Map<String, String> flags) {
    this.platform = platform;
    this.flags = flags;
  }

  /** Starts a platform whose data lives under {@code dataDir}. */
  public static TestPlatform start(Path dataDir) throws IOException {
    int kafka = freePort();
    int registry = freePort();
    Map<String, String> flags = new HashMap<>();
    flags.put("data.dir", dataDir.toString());
    flags.put(PlatformConfig.KAFKA_PORT, String.valueOf(kafka));
    flags.put(PlatformConfig.REGISTRY_PORT, String.valueOf(registry));
    flags.put("topic.partitions", "2");
    String home = System.getenv("MMEDPO_HOME");
    if (home != null && !home.isBlank()) {
      flags.put(PlatformConfig.REGISTRY_JAR, Path.of(home, "registry-server/target/quarkus-app/quarkus-run.jar").toString());
    }
    EmbeddedPlatform platform = EmbeddedPlatform.start(new PlatformConfig(ConfigSources.ofFlags(flags)));
    Map<String, String> client = new HashMap<>();
    client.put("data.dir", dataDir.toString());
    client.put("bootstrap.servers", platform.bootstrapServers());
    client.put("schema.registry.url", platform.registryUrl());
    return new TestPlatform(platform, client);
  }

  /** Flags that point a configuration at this platform. */
  public Map<String, String> flags() {
    return new HashMap<>(flags);
  }

  public String bootstrapServers() {
    return platform.bootstrapServers();
  }

  /** Every record of {@code topics}, committed or not (raw bytes), from the beginning. */
  public List<ConsumerRecord<byte[], byte[]>> readAll(List<String> topics, boolean committedOnly) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", platform.bootstrapServers());
    props.put("isolation.level", committedOnly ? "read_committed" : "read_uncommitted");
    props.put("enable.auto.commit", false);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 60_000;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
          && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    platform.close();
  }
}
