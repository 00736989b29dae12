package org.mmedpo.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.platform.EmbeddedPlatform;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.streams.bench.StreamsBenchmark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From 500 synthetic pairs (plus poison pills) to preference samples on an embedded KRaft broker
 * and a real schema registry, exactly-once, two stream threads, three partitions.
 */
@Tag("integration")
class StreamProcessorsIT {

  private static final Logger LOG = LoggerFactory.getLogger(StreamProcessorsIT.class);

  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Path registryJar() {
    String home = System.getenv().getOrDefault("MMEDPO_HOME", "/work/main");
    return Path.of(home, "registry-server", "target", "quarkus-app", "quarkus-run.jar");
  }

  @Test
  void shouldTurnFiveHundredPairsIntoWeightedTextAndImageSamples() throws Exception {
    Path jar = registryJar();
    assumeThat(Files.isRegularFile(jar)).as("registry jar at %s (set MMEDPO_HOME)", jar).isTrue();
    Map<String, String> flags = new HashMap<>(Map.of(
        AppConfig.DATA_DIR, dir.toString(),
        PlatformConfig.KAFKA_PORT, String.valueOf(freePort()),
        PlatformConfig.REGISTRY_PORT, String.valueOf(freePort()),
        PlatformConfig.REGISTRY_JAR, jar.toString(),
        StreamsAppConfig.THREADS, "2",
        StreamsAppConfig.WEIGHT_MIN_COUNT, "20"));
    PlatformConfig platformConfig = new PlatformConfig(ConfigSources.ofFlags(flags).lenient());
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(platformConfig)) {
      flags.put(AppConfig.BOOTSTRAP_SERVERS, platform.bootstrapServers());
      flags.put(AppConfig.SCHEMA_REGISTRY_URL, platform.registryUrl());
      ConfigSources sources = ConfigSources.ofFlags(flags).lenient();
      StreamsBenchmark.Result r = StreamsBenchmark.run(sources,
          new StreamsBenchmark.Options(StreamsBenchmark.PairSource.synthetic(500, 96, 7), 5, 3, Duration.ofMinutes(5)));
      LOG.info("IT result: {}", r);

      assertThat(r.guarantee()).isEqualTo("exactly_once_v2");
      assertThat(r.samples()).isEqualTo(r.expectedSamples());
      assertThat(r.distinctSamples()).isEqualTo(r.samples());
      assertThat(r.textSamples()).isEqualTo(r.imageSamples()).isEqualTo(r.expectedSamples() / 2);
      assertThat(r.deadLetters()).isEqualTo(5);
      assertThat(r.deadLettersByReason()).containsExactly(Map.entry("undecodable record", 5L));
      assertThat(r.completePairs()).isEqualTo(500);
      assertThat(r.balanced()).isTrue();
      assertThat(r.weightMin()).isGreaterThanOrEqualTo(0.75);
      assertThat(r.weightMax()).isLessThanOrEqualTo(1.25);
      assertThat(r.paperWeights()).isGreaterThan(r.samples() * 9 / 10);
      assertThat(r.weightMean()).isBetween(0.95, 1.05);

      // The poison pills' dead letters carry their provenance in headers, written exactly once.
      StreamsAppConfig config = new StreamsAppConfig(sources.withFlags(Map.of(AppConfig.TOPIC_PREFIX, r.topicPrefix())));
      String dlq = r.topicPrefix() + "mmedpo.dlq.v1";
      List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(config, null),
          new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        List<TopicPartition> parts = consumer.partitionsFor(dlq).stream()
            .map(p -> new TopicPartition(dlq, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (letters.size() < 5 && System.nanoTime() < until) {
          consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
        }
      }
      assertThat(letters).hasSize(5).allSatisfy(record -> {
        Map<String, String> h = new HashMap<>();
        for (Header header : record.headers()) {
          h.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(h).containsEntry(DeadLetters.H_STAGE, "streams.deserialization")
            .containsEntry(DeadLetters.H_TOPIC, r.topicPrefix() + "mmedpo.pairs.v1")
            .containsKeys(DeadLetters.H_PARTITION, DeadLetters.H_OFFSET, DeadLetters.H_EXCEPTION, DeadLetters.H_MESSAGE);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).startsWith("poison-");
      });
    }
  }
}
