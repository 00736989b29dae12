package org.mmedpo.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmedpo.common.config.ConfigSources;

class PlatformConfigTest {

  @Test
  void shouldPinTheDefaults() {
    assertThat(new PlatformConfig(ConfigSources.defaults()).effectiveValues())
        .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
            Map.entry("bootstrap.servers", "localhost:9092"),
            Map.entry("schema.registry.url", "http://localhost:8081/apis/ccompat/v7"),
            Map.entry("schema.registry.auto.register", true),
            Map.entry("schema.registry.timeout.ms", 10_000),
            Map.entry("data.dir", ".mmedpo"),
            Map.entry("blob.store.uri", ""),
            Map.entry("topic.prefix", ""),
            Map.entry("platform.mode", "auto"),
            Map.entry("platform.bind.host", "127.0.0.1"),
            Map.entry("platform.kafka.port", 9092),
            Map.entry("platform.controller.port", 0),
            Map.entry("platform.registry.port", 8081),
            Map.entry("platform.registry.jar", ""),
            Map.entry("platform.registry.heap", "256m"),
            Map.entry("platform.registry.startup.timeout.ms", 60_000),
            Map.entry("topic.partitions", 6),
            Map.entry("topic.replication.factor", (short) 1),
            Map.entry("topic.retention.ms", -1L),
            Map.entry("schema.compatibility", "BACKWARD")));
  }

  @Test
  void shouldPointACopyAtOtherAddresses() {
    PlatformConfig config = new PlatformConfig(ConfigSources.ofFlags(Map.of("topic.partitions", "3")))
        .withAddresses("localhost:1", "http://localhost:2/apis/ccompat/v7");
    assertThat(config.bootstrapServers()).isEqualTo("localhost:1");
    assertThat(config.schemaRegistryUrl()).isEqualTo("http://localhost:2/apis/ccompat/v7");
    assertThat(config.topicPartitions()).isEqualTo(3);
  }
}
