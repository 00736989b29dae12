package org.mmedpo.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The layers a configuration is built from, lowest precedence first: the {@code ConfigDef}
 * defaults, a properties file, the environment, and command-line flags.
 *
 * <p>Environment variables map to keys by dropping the {@code MMEDPO_} prefix, lower-casing and
 * turning {@code _} into {@code .}: {@code MMEDPO_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}.
 * Keys under the pass-through prefixes ({@code kafka.}, {@code streams.}) go to the Kafka clients
 * unchanged; they come from the file or from flags only, since the environment carries defined
 * keys only.
 *
 * <p>A flag naming an unknown key is an error. A file or the environment may hold keys of other
 * applications (one file often serves several commands); those are ignored.
 */
public record ConfigSources(Path file, Map<String, String> environment, Map<String, String> flags,
    boolean strictFlags) {

  /** Prefix of environment variables read as configuration. */
  public static final String ENV_PREFIX = "MMEDPO_";

  /** Key prefixes whose values are passed to Kafka clients (and Streams) without validation. */
  public static final List<String> PASS_THROUGH_PREFIXES = List.of("kafka.", "streams.");

  public ConfigSources {
    environment = Map.copyOf(environment);
    flags = Map.copyOf(flags);
  }

  /** Sources whose flags must all be known keys. */
  public ConfigSources(Path file, Map<String, String> environment, Map<String, String> flags) {
    this(file, environment, flags, true);
  }

  /**
   * The same sources for a second configuration of the same command (the embedded platform's,
   * say): flags it does not define are skipped, since the command's own configuration checked them.
   */
  public ConfigSources lenient() {
    return new ConfigSources(file, environment, flags, false);
  }

  /** Flags only: no file, no environment (tests and embedded use). */
  public static ConfigSources ofFlags(Map<String, String> flags) {
    return new ConfigSources(null, Map.of(), flags);
  }

  /** No settings at all: every key takes its default. */
  public static ConfigSources defaults() {
    return ofFlags(Map.of());
  }

  /** The same sources with further flags, which win over the ones already given. */
  public ConfigSources withFlags(Map<String, String> more) {
    Map<String, String> merged = new HashMap<>(flags);
    merged.putAll(more);
    return new ConfigSources(file, environment, merged, strictFlags);
  }

  /**
   * Merges the layers into the raw values for {@code definition}.
   *
   * @throws ConfigException for a missing file, an unreadable file or an unknown flag
   */
  public Map<String, String> resolve(ConfigDef definition) {
    Map<String, String> values = new LinkedHashMap<>();
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (NoSuchFileException e) {
        throw new ConfigException("config file not found: " + file);
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
      }
      for (String key : properties.stringPropertyNames()) {
        if (accepts(definition, key)) {
          values.put(key, properties.getProperty(key).trim());
        }
      }
    }
    for (Map.Entry<String, String> env : environment.entrySet()) {
      if (env.getKey().startsWith(ENV_PREFIX)) {
        String key = env.getKey().substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        if (definition.names().contains(key)) {
          values.put(key, env.getValue());
        }
      }
    }
    for (Map.Entry<String, String> flag : flags.entrySet()) {
      if (accepts(definition, flag.getKey())) {
        values.put(flag.getKey(), flag.getValue());
      } else if (strictFlags) {
        throw new ConfigException("unknown setting '" + flag.getKey() + "'");
      }
    }
    return values;
  }

  private static boolean accepts(ConfigDef definition, String key) {
    return definition.names().contains(key)
        || PASS_THROUGH_PREFIXES.stream().anyMatch(key::startsWith);
  }
}
