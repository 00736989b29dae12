package org.mmedpo.platform;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same round trip against the containers of the distributed shape (docker/compose.yaml):
 * Apache Kafka's image and Apicurio Registry's. Skipped where no Docker engine runs (as in CI,
 * which relies on the embedded platform).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerizedPlatformIT {

  @Container
  static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.1"));

  @Container
  static final GenericContainer<?> REGISTRY =
      new GenericContainer<>(DockerImageName.parse("apicurio/apicurio-registry-mem:2.4.2.Final"))
          .withExposedPorts(8080)
          .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200));

  @Test
  void shouldRoundTripEveryEventTypeThroughContainers() throws Exception {
    PlatformConfig config = new PlatformConfig(ConfigSources.ofFlags(Map.of(
        "bootstrap.servers", KAFKA.getBootstrapServers(),
        "schema.registry.url", "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8080)
            + "/apis/ccompat/v7",
        "platform.mode", "external")));
    EventSerdes serdes = EventSerdes.create(config);
    Topics topics = Topics.create(config, serdes);
    try (Admin admin = Admin.create(KafkaClients.admin(config))) {
      Provisioner.createTopics(admin, TopicPlan.of(config, topics.all()));
    }
    Provisioner.registerSchemas(serdes.registry().client(), topics.all(), config.schemaCompatibility());
    RoundTrip.everyEventType(config);
  }
}
