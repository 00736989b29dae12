package org.mmedpo.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.ConfluentWireFormat;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.schemas.EventContract;

/**
 * The embedded platform for real: a KRaft broker and the Apicurio registry, every event type
 * round-tripped through both, the raw bytes checked against the Confluent wire format, and a
 * restart that keeps topics, events and schema ids.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedPlatformIT {

  @TempDir static Path dataDir;
  static PlatformConfig config;
  static EmbeddedPlatform platform;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    config = new PlatformConfig(ConfigSources.ofFlags(Map.of(
        "data.dir", dataDir.toString(),
        "platform.kafka.port", String.valueOf(Ports.pickFree("127.0.0.1")),
        "platform.registry.port", String.valueOf(Ports.pickFree("127.0.0.1")))));
    platform = EmbeddedPlatform.start(config);
    config = config.withAddresses(platform.bootstrapServers(), platform.registryUrl());
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void shouldCreateEveryTopicWithItsPartitionsAndSettings() throws Exception {
    Topics topics = Topics.create(config, EventSerdes.create(config));
    try (Admin admin = Admin.create(KafkaClients.admin(config))) {
      Map<String, TopicDescription> described = admin.describeTopics(
          topics.all().stream().map(Topic::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(described.get("mmedpo.pairs.v1").partitions()).hasSize(6);
      assertThat(described.get("mmedpo.preferences.v1").partitions()).hasSize(6);
      assertThat(described.get("mmedpo.model-versions.v1").partitions()).hasSize(1);
      assertThat(described.get("mmedpo.trainer-metrics.v1").partitions()).hasSize(1);

      ConfigResource versions = new ConfigResource(ConfigResource.Type.TOPIC, "mmedpo.model-versions.v1");
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(versions, broker))
          .all().get(30, TimeUnit.SECONDS);
      assertThat(configs.get(versions).get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(configs.get(broker).get("auto.create.topics.enable").value()).isEqualTo("false");
    }
  }

  @Test
  @Order(2)
  void shouldListASubjectPerTopicOnTheConfluentCompatibleApi() throws Exception {
    String body = get(platform.registryUrl() + "/subjects");
    List<String> subjects = new ArrayList<>();
    JSON.readTree(body).forEach(n -> subjects.add(n.asText()));
    assertThat(subjects).containsExactlyInAnyOrder(
        java.util.Arrays.stream(EventContract.values()).map(c -> c.defaultName() + "-value").toArray(String[]::new));
  }

  @Test
  @Order(3)
  void shouldRoundTripEveryEventTypeInTheConfluentWireFormat() throws Exception {
    RoundTrip.everyEventType(config);
    Topics topics = Topics.create(config, EventSerdes.create(config));
    for (Topic<?> topic : topics.all()) {
      int id = ConfluentWireFormat.schemaId(RoundTrip.readOne(config, topic.name()).value());
      assertThat(id).as(topic.name()).isEqualTo(platform.schemaIds().get(topic.valueSubject()));
    }
  }

  @Test
  @Order(4)
  void shouldServeAStandardKafkaClient() throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", platform.bootstrapServers());
    try (KafkaProducer<String, String> producer =
             new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("mmedpo.dlq.v1", "plain", "not avro")).get();
    }
    assertThat(platform.bootstrapServers()).startsWith("localhost:");
  }

  @Test
  @Order(5)
  void shouldRefuseATakenPortNamingTheFlag() throws Exception {
    int port = Ports.pickFree("127.0.0.1");
    try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      PlatformConfig clash = new PlatformConfig(ConfigSources.ofFlags(Map.of(
          "data.dir", dataDir.resolve("other").toString(),
          "platform.kafka.port", String.valueOf(port))));
      assertThatThrownBy(() -> EmbeddedPlatform.start(clash))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("--kafka-port");
    }
  }

  @Test
  @Order(6)
  void shouldFindTopicsEventsAndSchemaIdsAgainAfterARestart() throws Exception {
    Map<String, Integer> idsBefore = platform.schemaIds();
    platform.close();
    PlatformConfig again = new PlatformConfig(config.sources().withFlags(Map.of(
        "bootstrap.servers", "localhost:" + config.kafkaPort(),
        "schema.registry.url", "http://localhost:" + config.registryPort() + "/apis/ccompat/v7")));
    platform = EmbeddedPlatform.start(again);
    assertThat(platform.topicsCreated()).isEmpty();
    assertThat(platform.schemaIds()).isEqualTo(idsBefore);
    ConsumerRecord<byte[], byte[]> pair = readOne("mmedpo.pairs.v1");
    assertThat(pair.key()).isEqualTo("key-PAIRS".getBytes());
  }

  private static ConsumerRecord<byte[], byte[]> readOne(String topic) {
    return RoundTrip.readOne(config, topic);
  }

  private static String get(String url) throws Exception {
    return RoundTrip.get(url);
  }
}
