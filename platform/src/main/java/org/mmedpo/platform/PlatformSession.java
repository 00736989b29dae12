package org.mmedpo.platform;

import java.util.Map;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.config.ConfigSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster and registry a command works against. With {@code platform.mode=auto} (the
 * default) it uses the configured addresses when Kafka answers there, and otherwise starts the
 * embedded platform, provided the configured addresses are the embedded defaults; a command
 * pointed at an unreachable external cluster fails instead of silently running on its own.
 */
public final class PlatformSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PlatformSession.class);

  private final EmbeddedPlatform embedded;
  private final ConfigSources sources;

  private PlatformSession(EmbeddedPlatform embedded, ConfigSources sources) {
    this.embedded = embedded;
    this.sources = sources;
  }

  /**
   * Connects to, or starts, the platform for a command whose configuration is already built, so
   * a bad setting fails before anything starts.
   */
  public static PlatformSession open(AppConfig commandConfig) {
    return open(commandConfig.sources());
  }

  /** Connects to, or starts, the platform that {@code sources} describe. */
  public static PlatformSession open(ConfigSources sources) {
    PlatformConfig config = new PlatformConfig(sources.lenient());
    String mode = config.platformMode();
    boolean answers = !mode.equals("embedded") && EmbeddedPlatform.kafkaAnswers(config);
    if (answers || mode.equals("external")) {
      if (!answers) {
        throw new IllegalStateException("Kafka does not answer at " + config.bootstrapServers()
            + " (platform.mode=external)");
      }
      if (!EmbeddedPlatform.registryAnswers(config)) {
        throw new IllegalStateException("the schema registry does not answer at "
            + config.schemaRegistryUrl());
      }
      return new PlatformSession(null, sources);
    }
    if (mode.equals("auto") && !isEmbeddedAddress(config)) {
      throw new IllegalStateException("Kafka does not answer at " + config.bootstrapServers()
          + "; start it, or leave --bootstrap-servers unset to use the embedded platform");
    }
    LOG.info("no Kafka at {}: starting the embedded platform", config.bootstrapServers());
    EmbeddedPlatform platform = EmbeddedPlatform.start(config);
    return new PlatformSession(platform, sources.withFlags(Map.of(
        AppConfig.BOOTSTRAP_SERVERS, platform.bootstrapServers(),
        AppConfig.SCHEMA_REGISTRY_URL, platform.registryUrl())));
  }

  private static boolean isEmbeddedAddress(PlatformConfig config) {
    String bootstrap = config.bootstrapServers().trim();
    return (bootstrap.equals("localhost:" + config.kafkaPort())
        || bootstrap.equals("127.0.0.1:" + config.kafkaPort()))
        && config.schemaRegistryUrl().equals(
            "http://localhost:" + config.registryPort() + EmbeddedRegistry.CCOMPAT_PATH);
  }

  /** The configuration layers, pointing at the platform in use. */
  public ConfigSources sources() {
    return sources;
  }

  /** True when this session started the embedded platform (and will stop it). */
  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
