package org.mmedpo.ingest.mmedpo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.ingest.pipeline.IngestSink;
import org.mmedpo.ingest.pipeline.SeenKeys;

/** Publishing imported samples to, and reading every sample from, {@code mmedpo.preferences.v1}. */
public final class PreferenceTopic {

  private PreferenceTopic() {}

  /**
   * Publishes what {@code result} holds that the topic does not have yet (by de-duplication key),
   * samples keyed by sample id, dead letters to the dead-letter topic; returns the samples published.
   */
  public static int publish(AppConfig config, Topics topics, MmedpoImporter.Result result) {
    String prefs = topics.preferences().name();
    String dlq = topics.dlq().name();
    Set<String> seen = SeenKeys.load(config, List.of(prefs), IngestSink.DEDUPE_HEADER);
    int published = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        KafkaClients.producer(config, "mmedpo-import"), new ByteArraySerializer(), new ByteArraySerializer())) {
      var keys = topics.preferences().keySerde().serializer();
      var values = topics.preferences().valueSerde().serializer();
      for (MmedpoImporter.Imported imported : result.samples()) {
        if (seen.contains(imported.dedupeKey())) {
          continue;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(IngestSink.DEDUPE_HEADER, imported.dedupeKey().getBytes(StandardCharsets.UTF_8));
        String id = imported.sample().getSampleId().toString();
        producer.send(new ProducerRecord<>(prefs, null, keys.serialize(prefs, id),
            values.serialize(prefs, imported.sample()), headers));
        published++;
      }
      var letters = topics.dlq().valueSerde().serializer();
      for (DeadLetter letter : result.deadLetters()) {
        producer.send(new ProducerRecord<>(dlq, null, keys.serialize(dlq, letter.getSourceFile().toString()),
            letters.serialize(dlq, letter), DeadLetters.headers(letter)));
      }
      producer.flush();
    }
    return published;
  }

  /**
   * Every committed sample of the preferences topic, from the beginning; a sample id published
   * more than once (an updated item) counts once, with its latest value.
   */
  public static List<PreferenceSample> readAll(AppConfig config, Topics topics) {
    String name = topics.preferences().name();
    Map<String, Object> props = KafkaClients.consumer(config, null);
    var values = topics.preferences().valueSerde().deserializer();
    Map<String, PreferenceSample> out = new java.util.LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(name, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(name, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < ends.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null) {
            PreferenceSample sample = values.deserialize(name, r.value());
            out.remove(sample.getSampleId().toString());
            out.put(sample.getSampleId().toString(), sample);
          }
        }
      }
    }
    return new ArrayList<>(out.values());
  }
}
