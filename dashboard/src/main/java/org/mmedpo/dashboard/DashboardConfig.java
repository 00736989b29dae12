package org.mmedpo.dashboard;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.config.ConfigSources;

/**
 * Configuration of the dashboard: where it listens, how often it looks at the cluster and pushes
 * to the page, and how much history it keeps in memory.
 */
public final class DashboardConfig extends AppConfig {

  public static final String BIND_HOST = "dashboard.bind.host";
  public static final String PORT = "dashboard.port";
  public static final String CLUSTER_POLL_MS = "dashboard.cluster.poll.ms";
  public static final String PUSH_INTERVAL_MS = "dashboard.push.interval.ms";
  public static final String REPLAY_RECORDS = "dashboard.replay.records.per.partition";
  public static final String SAMPLES_KEPT = "dashboard.samples.kept";
  public static final String VALUES_KEPT = "dashboard.histogram.values.kept";
  public static final String CURVE_POINTS_KEPT = "dashboard.curve.points.kept";

  public static final ConfigDef DEFINITION = AppConfig.define(new ConfigDef())
      .define(BIND_HOST, Type.STRING, "127.0.0.1", new NonBlank(), Importance.HIGH,
          "Address the dashboard listens on; loopback keeps it private, 0.0.0.0 serves every "
              + "interface (as in docker/compose.yaml).")
      .define(PORT, Type.INT, 8080, Range.between(0, 65535), Importance.HIGH,
          "Port of the dashboard page, its event stream and its Prometheus /metrics; 0 picks a "
              + "free port.")
      .define(CLUSTER_POLL_MS, Type.INT, 2_000, Range.between(100, 600_000), Importance.MEDIUM,
          "How often end offsets and consumer-group lag are read, in milliseconds; ingest rates "
              + "are averaged over this interval.")
      .define(PUSH_INTERVAL_MS, Type.INT, 1_000, Range.between(50, 60_000), Importance.MEDIUM,
          "Shortest time between two updates pushed to an open page, in milliseconds.")
      .define(REPLAY_RECORDS, Type.LONG, 100_000L, Range.atLeast(-1), Importance.MEDIUM,
          "At start, read at most this many of the latest records of each partition (-1: every "
              + "record kept by the cluster). Histograms, mixes and dead-letter counts cover what "
              + "was read; the page says how many.")
      .define(SAMPLES_KEPT, Type.INT, 200, Range.between(1, 100_000), Importance.LOW,
          "Latest preference samples kept for the sample browser.")
      .define(VALUES_KEPT, Type.INT, 50_000, Range.between(10, 10_000_000), Importance.LOW,
          "Latest raw scores and weights kept for the histograms.")
      .define(CURVE_POINTS_KEPT, Type.INT, 5_000, Range.between(10, 1_000_000), Importance.LOW,
          "Latest training-metrics points kept per training run.");

  public DashboardConfig(ConfigSources sources) {
    super(DEFINITION, sources);
  }

  public String bindHost() {
    return getString(BIND_HOST);
  }

  public int port() {
    return getInt(PORT);
  }

  public int clusterPollMs() {
    return getInt(CLUSTER_POLL_MS);
  }

  public int pushIntervalMs() {
    return getInt(PUSH_INTERVAL_MS);
  }

  /** Records per partition read at start; -1 reads every record. */
  public long replayRecordsPerPartition() {
    return getLong(REPLAY_RECORDS);
  }

  public int samplesKept() {
    return getInt(SAMPLES_KEPT);
  }

  public int valuesKept() {
    return getInt(VALUES_KEPT);
  }

  public int curvePointsKept() {
    return getInt(CURVE_POINTS_KEPT);
  }
}
