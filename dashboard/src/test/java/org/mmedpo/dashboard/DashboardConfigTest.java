package org.mmedpo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.mmedpo.common.config.ConfigSources;

class DashboardConfigTest {

  @Test
  void shouldPinTheDefaults() {
    assertThat(new DashboardConfig(ConfigSources.defaults()).effectiveValues())
        .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
            Map.entry("bootstrap.servers", "localhost:9092"),
            Map.entry("schema.registry.url", "http://localhost:8081/apis/ccompat/v7"),
            Map.entry("schema.registry.auto.register", true),
            Map.entry("schema.registry.timeout.ms", 10_000),
            Map.entry("data.dir", ".mmedpo"),
            Map.entry("blob.store.uri", ""),
            Map.entry("blob.s3.endpoint", ""),
            Map.entry("blob.s3.region", "us-east-1"),
            Map.entry("blob.s3.access.key", new Password("")),
            Map.entry("blob.s3.secret.key", new Password("")),
            Map.entry("blob.s3.path.style", true),
            Map.entry("topic.prefix", ""),
            Map.entry("platform.mode", "auto"),
            Map.entry("dashboard.bind.host", "127.0.0.1"),
            Map.entry("dashboard.port", 8080),
            Map.entry("dashboard.cluster.poll.ms", 2_000),
            Map.entry("dashboard.push.interval.ms", 1_000),
            Map.entry("dashboard.replay.records.per.partition", 100_000L),
            Map.entry("dashboard.samples.kept", 200),
            Map.entry("dashboard.histogram.values.kept", 50_000),
            Map.entry("dashboard.curve.points.kept", 5_000)));
  }

  @Test
  void shouldTakeTheBindHostTheComposeFilePasses() {
    DashboardConfig config = new DashboardConfig(
        ConfigSources.ofFlags(Map.of("dashboard.bind.host", "0.0.0.0", "dashboard.port", "9999")));
    assertThat(config.bindHost()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(9999);
  }

  @Test
  void shouldRefuseAPortOutOfRange() {
    assertThatThrownBy(() -> new DashboardConfig(ConfigSources.ofFlags(Map.of("dashboard.port", "70000"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dashboard.port");
  }
}
