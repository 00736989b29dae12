package org.mmedpo.trainer.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;

/** Reading and publishing {@code mmedpo.model-versions.v1}. */
public final class ModelVersions {

  private ModelVersions() {}

  /** Every version on the topic now (latest value per key), oldest first. */
  public static List<ModelVersion> readAll(AppConfig config, Topic<ModelVersion> topic) {
    Map<String, Object> props = KafkaClients.consumer(config, null);
    List<ModelVersion> out = new ArrayList<>();
    try (KafkaConsumer<String, ModelVersion> consumer = new KafkaConsumer<>(props,
        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))
          .stream().map(p -> new TopicPartition(topic.name(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      Map<String, ModelVersion> byKey = new java.util.LinkedHashMap<>();
      long deadline = System.currentTimeMillis() + 60_000;
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("timed out reading " + topic.name());
        }
        for (ConsumerRecord<String, ModelVersion> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            byKey.remove(r.key());
          } else {
            byKey.put(r.key(), r.value());
          }
        }
      }
      out.addAll(byKey.values());
    }
    out.sort(Comparator.comparing(ModelVersion::getCreatedAt));
    return out;
  }

  /** The version named {@code version}, or the newest BASE version when it is blank. */
  public static Optional<ModelVersion> base(List<ModelVersion> versions, String version) {
    if (version != null && !version.isBlank()) {
      return versions.stream().filter(v -> v.getVersion().equals(version)).findFirst();
    }
    return versions.stream().filter(v -> v.getKind() == ModelKind.BASE)
        .reduce((a, b) -> b);
  }

  /** The version named {@code version} (any kind). */
  public static Optional<ModelVersion> find(List<ModelVersion> versions, String version) {
    return versions.stream().filter(v -> v.getVersion().equals(version)).findFirst();
  }

  /** Stores {@code archive} and returns a filled-in version builder for it. */
  public static ModelVersion.Builder stored(BlobStore blobs, byte[] archive) {
    StoredBlob blob = blobs.put(archive, "application/zip");
    return ModelVersion.newBuilder().setBlobUri(blob.uri()).setSha256(blob.sha256())
        .setSizeBytes(blob.size());
  }

  /** Publishes {@code version} (key = version) and waits for the broker's acknowledgement. */
  public static void publish(KafkaProducer<String, ModelVersion> producer,
      Topic<ModelVersion> topic, ModelVersion version) {
    try {
      producer.send(new ProducerRecord<>(topic.name(), version.getVersion(), version)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing " + version.getVersion(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot publish model version " + version.getVersion()
          + ": " + e.getCause().getMessage(), e.getCause());
    }
  }
}
