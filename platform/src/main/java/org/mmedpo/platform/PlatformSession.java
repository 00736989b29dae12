package org.mmedpo.platform;

import java.util.Map;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.config.ConfigSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster and registry a command works against: the one configured, or the embedded
 * platform (already running, or started for the session); see {@link #open(ConfigSources)}.
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

  /**
   * Connects to, or starts, the platform that {@code sources} describe.
   *
   * <ul>
   *   <li>{@code platform.mode=external}, or Kafka and registry addresses given: those must
   *       answer, else this fails (in {@code auto} mode too: a command pointed at a cluster never
   *       falls back to running on its own);
   *   <li>no addresses given ({@code auto}): an embedded platform already running on the
   *       configured ports ({@code platform.kafka.port}, {@code platform.registry.port}) is used,
   *       otherwise one is started for this session;
   *   <li>{@code platform.mode=embedded}: one is always started.
   * </ul>
   */
  public static PlatformSession open(ConfigSources sources) {
    PlatformConfig config = new PlatformConfig(sources.lenient());
    String mode = config.platformMode();
    boolean addressesGiven = config.originals().containsKey(AppConfig.BOOTSTRAP_SERVERS)
        || config.originals().containsKey(AppConfig.SCHEMA_REGISTRY_URL);
    if (mode.equals("external") || (mode.equals("auto") && addressesGiven)) {
      requireAnswers(config);
      return new PlatformSession(null, sources);
    }
    PlatformConfig local = config.withAddresses("localhost:" + config.kafkaPort(),
        "http://localhost:" + config.registryPort() + EmbeddedRegistry.CCOMPAT_PATH);
    if (mode.equals("auto") && EmbeddedPlatform.kafkaAnswers(local)
        && EmbeddedPlatform.registryAnswers(local)) {
      LOG.info("using the embedded platform running at {}", local.bootstrapServers());
      return new PlatformSession(null, addressed(sources, local.bootstrapServers(),
          local.schemaRegistryUrl()));
    }
    LOG.info("starting the embedded platform");
    EmbeddedPlatform platform = EmbeddedPlatform.start(config);
    return new PlatformSession(platform,
        addressed(sources, platform.bootstrapServers(), platform.registryUrl()));
  }

  private static void requireAnswers(PlatformConfig config) {
    if (!EmbeddedPlatform.kafkaAnswers(config)) {
      throw new IllegalStateException("Kafka does not answer at " + config.bootstrapServers()
          + "; start it, or leave --bootstrap-servers unset to use the embedded platform");
    }
    if (!EmbeddedPlatform.registryAnswers(config)) {
      throw new IllegalStateException("the schema registry does not answer at "
          + config.schemaRegistryUrl());
    }
  }

  private static ConfigSources addressed(ConfigSources sources, String bootstrap, String registry) {
    return sources.withFlags(Map.of(AppConfig.BOOTSTRAP_SERVERS, bootstrap,
        AppConfig.SCHEMA_REGISTRY_URL, registry));
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
