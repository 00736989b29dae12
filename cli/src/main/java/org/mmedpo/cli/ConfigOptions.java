package org.mmedpo.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.config.ConfigSources;
import picocli.CommandLine.Option;

/** The options every command takes; they become the top configuration layer. */
public final class ConfigOptions {

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (default: the embedded platform, localhost:9092).")
  String bootstrapServers;

  @Option(names = "--schema-registry-url", paramLabel = "URL",
      description = "Confluent-compatible schema registry API (default: the embedded one, "
          + "http://localhost:8081/apis/ccompat/v7).")
  String schemaRegistryUrl;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file of settings; environment MMEDPO_* and flags override it.")
  Path configFile;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder for local state (default: .mmedpo).")
  Path dataDir;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Any setting, e.g. --set topic.partitions=12 or --set kafka.security.protocol=SSL.")
  Map<String, String> settings = new LinkedHashMap<>();

  /** The configuration layers: file, environment, then these flags and {@code commandFlags}. */
  public ConfigSources sources(Map<String, String> commandFlags) {
    Map<String, String> flags = new LinkedHashMap<>(settings);
    put(flags, AppConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    put(flags, AppConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    put(flags, AppConfig.DATA_DIR, dataDir == null ? null : dataDir.toString());
    commandFlags.forEach((key, value) -> put(flags, key, value));
    return new ConfigSources(configFile, System.getenv(), flags);
  }

  /** The layers without command-specific flags. */
  public ConfigSources sources() {
    return sources(Map.of());
  }

  /**
   * Fails on a flag that none of {@code definitions} knows and that is not passed through, so a
   * typo fails even in commands whose flags feed several configurations, each built leniently.
   */
  static void checkKnown(ConfigSources sources, ConfigDef... definitions) {
    for (String key : sources.flags().keySet()) {
      boolean known = Arrays.stream(definitions).anyMatch(d -> d.names().contains(key))
          || ConfigSources.PASS_THROUGH_PREFIXES.stream().anyMatch(key::startsWith);
      if (!known) {
        throw new ConfigException("unknown setting '" + key + "'");
      }
    }
  }

  static void put(Map<String, String> flags, String key, Object value) {
    if (value != null) {
      flags.put(key, value.toString());
    }
  }
}
