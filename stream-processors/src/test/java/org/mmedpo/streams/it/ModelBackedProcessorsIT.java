package org.mmedpo.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.platform.EmbeddedPlatform;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.streams.StreamsApp;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.streams.bench.SyntheticPairs;
import org.mmedpo.streams.hallucination.TargetModelHallucinator;
import org.mmedpo.streams.testing.TinyModels;

/**
 * The model-backed parts on an embedded broker: the processors follow {@code
 * mmedpo.model-versions.v1}, load the published archives from the blob store, sample text
 * variants from the newest version, localize with its saliency, and enrich every sample with the
 * reference BASE version's log-probs.
 */
@Tag("integration")
class ModelBackedProcessorsIT {

  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shouldFollowPublishedVersionsToSampleLocalizeAndEnrich() throws Exception {
    String home = System.getenv().getOrDefault("MMEDPO_HOME", "/work/main");
    Path jar = Path.of(home, "registry-server", "target", "quarkus-app", "quarkus-run.jar");
    assumeThat(Files.isRegularFile(jar)).as("registry jar at %s (set MMEDPO_HOME)", jar).isTrue();
    Map<String, String> flags = new HashMap<>(Map.of(
        AppConfig.DATA_DIR, dir.toString(),
        PlatformConfig.KAFKA_PORT, String.valueOf(freePort()),
        PlatformConfig.REGISTRY_PORT, String.valueOf(freePort()),
        PlatformConfig.REGISTRY_JAR, jar.toString(),
        PlatformConfig.TOPIC_PARTITIONS, "2"));
    flags.putAll(Map.of(
        StreamsAppConfig.HALLUCINATOR, StreamsAppConfig.TARGET_MODEL,
        StreamsAppConfig.MODEL_CANDIDATES, "2",
        StreamsAppConfig.MODEL_MAX_NEW_TOKENS, "24",
        StreamsAppConfig.MODEL_MIN_SCORE, "0",
        StreamsAppConfig.LOCALIZERS, "saliency,contrast",
        StreamsAppConfig.REFERENCE_ENRICHMENT, "true",
        StreamsAppConfig.WEIGHT_MIN_COUNT, "5"));
    PlatformConfig platformConfig = new PlatformConfig(ConfigSources.ofFlags(flags).lenient());
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(platformConfig)) {
      flags.put(AppConfig.BOOTSTRAP_SERVERS, platform.bootstrapServers());
      flags.put(AppConfig.SCHEMA_REGISTRY_URL, platform.registryUrl());
      StreamsAppConfig config = new StreamsAppConfig(ConfigSources.ofFlags(flags).lenient());
      Topics topics = Topics.create(config, EventSerdes.create(config));
      List<ImageReportPair> pairs = new ArrayList<>();
      try (BlobStore blobs = BlobStore.open(config);
          KafkaProducer<String, ModelVersion> versions = new KafkaProducer<>(
              KafkaClients.producer(config, "it-versions"), new StringSerializer(),
              topics.modelVersions().valueSerde().serializer())) {
        Instant t0 = Instant.now();
        ModelVersion base = TinyModels.publish(blobs, "base-1", ModelKind.BASE, 1, t0);
        ModelVersion aligned = TinyModels.publish(blobs, "aligned-1", ModelKind.ALIGNED, 2, t0.plusSeconds(1));
        versions.send(new ProducerRecord<>(topics.modelVersions().name(), "tiny", base)).get();
        versions.send(new ProducerRecord<>(topics.modelVersions().name(), "tiny", aligned)).get();
        SyntheticPairs synthetic = new SyntheticPairs(blobs, 64, 5);
        for (int i = 0; pairs.size() < 3; i++) {
          ImageReportPair pair = synthetic.pair(i);
          if (!pair.getAnnotations().isEmpty()) {
            pairs.add(pair);
          }
        }
      }

      try (StreamsApp app = StreamsApp.start(config, Duration.ofSeconds(60))) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((app.models().latest().currentVersion().isEmpty()
            || app.models().base().currentVersion().isEmpty()) && System.nanoTime() < until) {
          Thread.sleep(100);
        }
        assertThat(app.models().latest().currentVersion()).get()
            .extracting(ModelVersion::getVersion).isEqualTo("aligned-1");
        assertThat(app.models().base().currentVersion()).get()
            .extracting(ModelVersion::getVersion).isEqualTo("base-1");

        try (KafkaProducer<String, ImageReportPair> producer = new KafkaProducer<>(
            KafkaClients.producer(config, "it-pairs"), new StringSerializer(),
            topics.pairs().valueSerde().serializer())) {
          for (ImageReportPair pair : pairs) {
            producer.send(new ProducerRecord<>(topics.pairs().name(), pair.getStudyPseudonym(), pair)).get();
          }
        }
        List<PreferenceSample> samples = read(config, topics.preferences().name(),
            topics.preferences().valueSerde().deserializer(), pairs.size() * 6);
        List<DispreferredVariant> variants = read(config, topics.variants().name(),
            topics.variants().valueSerde().deserializer(), pairs.size() * 6);

        assertThat(samples).hasSize(pairs.size() * 6).allSatisfy(s -> {
          assertThat(s.getReference()).isNotNull();
          assertThat(s.getReference().getModelVersion()).isEqualTo("base-1");
          assertThat(s.getReference().getChosenLogp()).isNegative();
        });
        assertThat(variants).filteredOn(v -> v.getKind() == DispreferenceKind.TEXT_HALLUCINATION
                && v.getItemId().equals("report"))
            .hasSize(pairs.size()).allSatisfy(v -> {
              assertThat(v.getGenerator()).isEqualTo(TargetModelHallucinator.NAME);
              assertThat(v.getGeneratorVersion()).isEqualTo("aligned-1");
            });
        assertThat(variants).filteredOn(v -> v.getKind() == DispreferenceKind.LESION_NEGLECT)
            .allSatisfy(v -> assertThat(v.getLocalizer()).isEqualTo("saliency:aligned-1"));
      }
    }
  }

  private static <V> List<V> read(StreamsAppConfig config, String topic,
      org.apache.kafka.common.serialization.Deserializer<V> values, int expected) {
    List<V> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(KafkaClients.consumer(config, null),
        new StringDeserializer(), values)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (out.size() < expected && System.nanoTime() < until) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
    }
    return out;
  }
}
