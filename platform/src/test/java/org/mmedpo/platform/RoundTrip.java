package org.mmedpo.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.ConfluentWireFormat;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.schemas.EventContract;

/**
 * Produces one event of every type with the project's serdes, reads the raw bytes back with a
 * plain byte-array consumer, and checks the Confluent framing, that the registry resolves the
 * schema id to the same schema, and that the bytes decode to the same event.
 */
final class RoundTrip {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RoundTrip() {}

  static void everyEventType(AppConfig config) throws Exception {
    Topics topics = Topics.create(config, EventSerdes.create(config));
    Map<EventContract, SpecificRecord> events = SampleEvents.all();
    for (EventContract contract : EventContract.values()) {
      @SuppressWarnings("unchecked")
      Topic<SpecificRecord> topic = (Topic<SpecificRecord>) topics.of(contract);
      try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
          KafkaClients.producer(config, "round-trip"), topic.keySerde().serializer(),
          topic.valueSerde().serializer())) {
        producer.send(new ProducerRecord<>(topic.name(), "key-" + contract, events.get(contract))).get();
      }
      byte[] bytes = readOne(config, topic.name()).value();
      assertThat(bytes[0]).as("magic byte of %s", contract).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);

      int id = ConfluentWireFormat.schemaId(bytes);
      String registered = JSON.readTree(
          get(config.schemaRegistryUrl() + "/schemas/ids/" + id)).get("schema").asText();
      assertThat(SchemaNormalization.toParsingForm(new Schema.Parser().parse(registered)))
          .as("schema %d resolved for %s", id, contract)
          .isEqualTo(SchemaNormalization.toParsingForm(contract.valueSchema()));

      assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), bytes))
          .as("decoded %s", contract).isEqualTo(events.get(contract));
    }
  }

  static ConsumerRecord<byte[], byte[]> readOne(AppConfig config, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        KafkaClients.consumer(config, null), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Collection<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          return record;
        }
      }
    }
    throw new AssertionError("no record on " + topic);
  }

  static String get(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }
}
