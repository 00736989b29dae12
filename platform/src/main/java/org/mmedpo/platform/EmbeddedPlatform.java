package org.mmedpo.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.common.serde.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole embedded platform: broker and registry started together, topics created, schemas
 * registered. {@link #close()} stops both; data stays under {@code data.dir} for the next start.
 */
public final class EmbeddedPlatform implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPlatform.class);

  private final EmbeddedKafka kafka;
  private final EmbeddedRegistry registry;
  private final Map<String, Integer> schemaIds;
  private final List<String> topicsCreated;

  private EmbeddedPlatform(EmbeddedKafka kafka, EmbeddedRegistry registry,
      Map<String, Integer> schemaIds, List<String> topicsCreated) {
    this.kafka = kafka;
    this.registry = registry;
    this.schemaIds = schemaIds;
    this.topicsCreated = topicsCreated;
  }

  /**
   * Starts the platform {@code config} describes.
   *
   * @throws PortInUseException when the Kafka or registry port is taken
   */
  public static EmbeddedPlatform start(PlatformConfig config) {
    String host = config.bindHost();
    if (!Ports.isFree(host, config.kafkaPort())) {
      throw new PortInUseException("Kafka", host, config.kafkaPort(), "--kafka-port",
          PlatformConfig.KAFKA_PORT);
    }
    if (!Ports.isFree(host, config.registryPort())) {
      throw new PortInUseException("schema registry", host, config.registryPort(),
          "--registry-port", PlatformConfig.REGISTRY_PORT);
    }
    long started = System.nanoTime();
    // The registry boots in its own process while the broker starts here.
    EmbeddedRegistry registry = EmbeddedRegistry.launch(registryJar(config), host,
        config.registryPort(), config.registryDir(), config.registryHeap());
    EmbeddedKafka kafka = null;
    try {
      kafka = EmbeddedKafka.start(host, "localhost", config.kafkaPort(), config.controllerPort(),
          config.kafkaDir());
      long kafkaUp = System.nanoTime();
      registry.awaitReady(Duration.ofMillis(config.registryStartupTimeoutMs()),
          config.registryDir().resolve("registry.log"));
      long registryUp = System.nanoTime();
      PlatformConfig resolved = config.withAddresses(kafka.bootstrapServers(), registry.url());
      EventSerdes serdes = EventSerdes.create(resolved);
      List<Topic<?>> topics = Topics.create(resolved, serdes).all();
      List<String> created;
      try (Admin admin = Admin.create(KafkaClients.admin(resolved))) {
        created = Provisioner.createTopics(admin, TopicPlan.of(resolved, topics));
      }
      Map<String, Integer> ids = Provisioner.registerSchemas(
          serdes.registry().client(), topics, resolved.schemaCompatibility());
      long done = System.nanoTime();
      LOG.info("embedded platform ready in {} ms (broker {} ms, registry +{} ms, provisioning {} ms)",
          (done - started) / 1_000_000, (kafkaUp - started) / 1_000_000,
          (registryUp - kafkaUp) / 1_000_000, (done - registryUp) / 1_000_000);
      return new EmbeddedPlatform(kafka, registry, ids, created);
    } catch (RuntimeException e) {
      if (kafka != null) {
        kafka.close();
      }
      registry.close();
      throw e;
    }
  }

  /** Where clients connect: {@code localhost:<port>}. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The Confluent-compatible registry API root. */
  public String registryUrl() {
    return registry.url();
  }

  /** Subject to schema id, as registered at start. */
  public Map<String, Integer> schemaIds() {
    return schemaIds;
  }

  /** Topics this start created (empty when they existed from an earlier start). */
  public List<String> topicsCreated() {
    return topicsCreated;
  }

  @Override
  public void close() {
    try {
      kafka.close();
    } finally {
      registry.close();
    }
  }

  /**
   * The registry jar: the configured path, else {@code registry-server/target/quarkus-app/
   * quarkus-run.jar} under {@code MMEDPO_HOME} (set by the {@code ./mmedpo} wrapper) or in the
   * working folder or one of its parents.
   */
  static Path registryJar(PlatformConfig config) {
    if (!config.registryJar().isBlank()) {
      return Path.of(config.registryJar());
    }
    Path relative = Path.of("registry-server", "target", "quarkus-app", "quarkus-run.jar");
    String home = System.getenv("MMEDPO_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home).resolve(relative);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    return relative.toAbsolutePath();
  }

  /** True when {@code config}'s Kafka address answers on TCP. */
  public static boolean kafkaAnswers(AppConfig config) {
    String first = config.bootstrapServers().split(",")[0].trim();
    int colon = first.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    return Ports.isListening(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)), 1000);
  }

  /** True when {@code config}'s registry answers. */
  public static boolean registryAnswers(AppConfig config) {
    return new SchemaRegistryClient(config.schemaRegistryUrl(), Duration.ofSeconds(2)).isReachable();
  }
}
