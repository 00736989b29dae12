package org.mmedpo.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

  /** A minimal application configuration for the tests. */
  static final class TestConfig extends AppConfig {
    static final ConfigDef DEF = AppConfig.define(new ConfigDef())
        .define("batch.size", ConfigDef.Type.INT, 8, ConfigDef.Range.atLeast(1),
            ConfigDef.Importance.HIGH, "Samples per batch.");

    TestConfig(ConfigSources sources) {
      super(DEF, sources);
    }
  }

  @TempDir Path temp;

  @Test
  void shouldPinTheSharedDefaults() {
    TestConfig config = new TestConfig(ConfigSources.defaults());
    assertThat(config.effectiveValues()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("bootstrap.servers", "localhost:9092"),
        Map.entry("schema.registry.url", "http://localhost:8081/apis/ccompat/v7"),
        Map.entry("schema.registry.auto.register", true),
        Map.entry("schema.registry.timeout.ms", 10_000),
        Map.entry("data.dir", ".mmedpo"),
        Map.entry("blob.store.uri", ""),
        Map.entry("blob.s3.endpoint", ""),
        Map.entry("blob.s3.region", "us-east-1"),
        Map.entry("blob.s3.access.key", new org.apache.kafka.common.config.types.Password("")),
        Map.entry("blob.s3.secret.key", new org.apache.kafka.common.config.types.Password("")),
        Map.entry("blob.s3.path.style", true),
        Map.entry("topic.prefix", ""),
        Map.entry("platform.mode", "auto"),
        Map.entry("batch.size", 8)));
    assertThat(config.blobStoreUri()).isEqualTo(Path.of(".mmedpo/blobs").toAbsolutePath().toUri().toString());
  }

  @Test
  void shouldLayerFileThenEnvironmentThenFlags() throws IOException {
    Path file = temp.resolve("mmedpo.properties");
    Files.writeString(file, """
        bootstrap.servers=file:1
        batch.size=2
        data.dir=/from/file
        kafka.security.protocol=SSL
        trainer.only.key=ignored here
        """);
    Map<String, String> env = Map.of(
        "MMEDPO_BATCH_SIZE", "3",
        "MMEDPO_DATA_DIR", "/from/env",
        "MMEDPO_HOME", "/not/a/setting",
        "PATH", "/usr/bin");
    TestConfig config = new TestConfig(new ConfigSources(file, env, Map.of("batch.size", "4")));

    assertThat(config.bootstrapServers()).isEqualTo("file:1");
    assertThat(config.dataDir()).isEqualTo(Path.of("/from/env"));
    assertThat(config.getInt("batch.size")).isEqualTo(4);
    assertThat(config.kafkaOverrides()).containsEntry("security.protocol", "SSL");
  }

  @Test
  void shouldRejectAnUnknownFlagButSkipItWhenLenient() {
    ConfigSources sources = ConfigSources.ofFlags(Map.of("batch.sise", "4"));
    assertThatThrownBy(() -> new TestConfig(sources))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown setting 'batch.sise'");
    assertThat(new TestConfig(sources.lenient()).getInt("batch.size")).isEqualTo(8);
  }

  @Test
  void shouldRejectAnInvalidValueNamingTheKey() {
    assertThatThrownBy(() -> new TestConfig(ConfigSources.ofFlags(Map.of("batch.size", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("batch.size")
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new TestConfig(ConfigSources.ofFlags(Map.of("platform.mode", "cloud"))))
        .hasMessageContaining("platform.mode");
  }

  @Test
  void shouldReportAMissingConfigFile() {
    Path missing = temp.resolve("nope.properties");
    assertThatThrownBy(() -> new TestConfig(new ConfigSources(missing, Map.of(), Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file not found: " + missing);
  }
}
