package org.mmedpo.cli;

import org.apache.kafka.common.config.ConfigException;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.streams.StreamsAppConfig;

/**
 * Flag checks for commands that configure both the platform and the stream processors: a flag
 * must be a key of one of them (or a pass-through key), so typos still fail.
 */
final class StreamsFlags {

  private StreamsFlags() {}

  static void checkKnown(ConfigSources sources) {
    for (String key : sources.flags().keySet()) {
      boolean known = StreamsAppConfig.DEFINITION.names().contains(key)
          || PlatformConfig.DEFINITION.names().contains(key)
          || ConfigSources.PASS_THROUGH_PREFIXES.stream().anyMatch(key::startsWith);
      if (!known) {
        throw new ConfigException("unknown setting '" + key + "'");
      }
    }
  }
}
