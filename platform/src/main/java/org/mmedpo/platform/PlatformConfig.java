package org.mmedpo.platform;

import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.config.ConfigSources;

/** Configuration of the embedded platform and of topic provisioning. */
public final class PlatformConfig extends AppConfig {

  public static final String BIND_HOST = "platform.bind.host";
  public static final String KAFKA_PORT = "platform.kafka.port";
  public static final String CONTROLLER_PORT = "platform.controller.port";
  public static final String REGISTRY_PORT = "platform.registry.port";
  public static final String REGISTRY_JAR = "platform.registry.jar";
  public static final String REGISTRY_HEAP = "platform.registry.heap";
  public static final String REGISTRY_STARTUP_TIMEOUT_MS = "platform.registry.startup.timeout.ms";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
  public static final String TOPIC_RETENTION_MS = "topic.retention.ms";
  public static final String SCHEMA_COMPATIBILITY = "schema.compatibility";

  public static final ConfigDef DEFINITION = AppConfig.define(new ConfigDef())
      .define(BIND_HOST, Type.STRING, "127.0.0.1", new NonBlank(), Importance.MEDIUM,
          "Address the embedded broker and registry listen on; loopback keeps them private.")
      .define(KAFKA_PORT, Type.INT, 9092, Range.between(1, 65535), Importance.HIGH,
          "Port of the embedded Kafka broker.")
      .define(CONTROLLER_PORT, Type.INT, 0, Range.between(0, 65535), Importance.LOW,
          "Port of the embedded KRaft controller listener; 0 picks a free one at each start.")
      .define(REGISTRY_PORT, Type.INT, 8081, Range.between(1, 65535), Importance.HIGH,
          "Port of the embedded schema registry.")
      .define(REGISTRY_JAR, Type.STRING, "", Importance.LOW,
          "Path of the schema registry's runnable jar; empty finds "
              + "registry-server/target/quarkus-app/quarkus-run.jar under MMEDPO_HOME or above the "
              + "working folder.")
      .define(REGISTRY_HEAP, Type.STRING, "256m", new NonBlank(), Importance.LOW,
          "Maximum heap of the registry process (-Xmx).")
      .define(REGISTRY_STARTUP_TIMEOUT_MS, Type.INT, 60_000, Range.atLeast(1_000), Importance.LOW,
          "How long to wait for the registry to answer, in milliseconds.")
      .define(TOPIC_PARTITIONS, Type.INT, 6, Range.between(1, 1_000), Importance.MEDIUM,
          "Partitions of each data topic (pairs, variants, scores, preferences): the most stream "
              + "tasks that can run in parallel.")
      .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.between(1, 32),
          Importance.MEDIUM, "Replication factor of every topic (1 on a single broker).")
      .define(TOPIC_RETENTION_MS, Type.LONG, -1L, Range.atLeast(-1), Importance.MEDIUM,
          "Retention of the non-compacted topics, in milliseconds; -1 keeps events forever so a "
              + "trainer can always replay from its checkpoint.")
      .define(SCHEMA_COMPATIBILITY, Type.STRING, "BACKWARD",
          ConfigDef.ValidString.in("BACKWARD", "BACKWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"),
          Importance.MEDIUM, "Compatibility rule set on every subject when provisioning.");

  public PlatformConfig(ConfigSources sources) {
    super(DEFINITION, sources);
  }

  /** The same configuration pointing at the given Kafka and registry (the embedded ones). */
  public PlatformConfig withAddresses(String bootstrapServers, String registryUrl) {
    return new PlatformConfig(sources().withFlags(java.util.Map.of(
        BOOTSTRAP_SERVERS, bootstrapServers, SCHEMA_REGISTRY_URL, registryUrl)));
  }

  public String bindHost() {
    return getString(BIND_HOST);
  }

  public int kafkaPort() {
    return getInt(KAFKA_PORT);
  }

  public int controllerPort() {
    return getInt(CONTROLLER_PORT);
  }

  public int registryPort() {
    return getInt(REGISTRY_PORT);
  }

  public String registryJar() {
    return getString(REGISTRY_JAR);
  }

  public String registryHeap() {
    return getString(REGISTRY_HEAP);
  }

  public int registryStartupTimeoutMs() {
    return getInt(REGISTRY_STARTUP_TIMEOUT_MS);
  }

  public int topicPartitions() {
    return getInt(TOPIC_PARTITIONS);
  }

  public short topicReplicationFactor() {
    return getShort(TOPIC_REPLICATION_FACTOR);
  }

  public long topicRetentionMs() {
    return getLong(TOPIC_RETENTION_MS);
  }

  public String schemaCompatibility() {
    return getString(SCHEMA_COMPATIBILITY);
  }

  /** Folder of the embedded broker's logs and metadata. */
  public Path kafkaDir() {
    return dataDir().resolve("kafka");
  }

  /** Folder of the embedded registry's database and log. */
  public Path registryDir() {
    return dataDir().resolve("registry");
  }
}
