package org.mmedpo.dashboard;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.dashboard.display.BlobGate;
import org.mmedpo.dashboard.feed.ClusterWatcher;
import org.mmedpo.dashboard.feed.EventFeed;
import org.mmedpo.dashboard.metrics.PipelineMeters;
import org.mmedpo.dashboard.view.ClusterView;
import org.mmedpo.dashboard.view.PipelineView;
import org.mmedpo.dashboard.web.DashboardServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dashboard: the event feed and the cluster watcher fill the views, and the HTTP server
 * shows them. Kafka and the schema registry must be reachable at the configured addresses (the CLI
 * opens a {@code PlatformSession} first). Close it to stop everything it started.
 */
public final class Dashboard implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

  private final ServiceMetrics metrics;
  private final BlobStore blobs;
  private final EventFeed feed;
  private final ClusterWatcher watcher;
  private final DashboardServer server;

  private Dashboard(ServiceMetrics metrics, BlobStore blobs, EventFeed feed, ClusterWatcher watcher,
      DashboardServer server) {
    this.metrics = metrics;
    this.blobs = blobs;
    this.feed = feed;
    this.watcher = watcher;
    this.server = server;
  }

  /**
   * Starts reading the cluster and serving the page.
   *
   * @throws java.io.UncheckedIOException when the port is taken
   */
  public static Dashboard start(DashboardConfig config) {
    ServiceMetrics metrics = ServiceMetrics.unserved("dashboard");
    BlobStore blobs = null;
    EventFeed feed = null;
    ClusterWatcher watcher = null;
    try {
      Topics topics = Topics.create(config, EventSerdes.create(config));
      List<String> names = topics.all().stream().map(Topic::name).toList();
      PipelineView pipeline = new PipelineView(config.samplesKept(), config.valuesKept(),
          config.curvePointsKept());
      ClusterView cluster = new ClusterView(names);
      blobs = BlobStore.open(config.blobStoreUri());
      feed = new EventFeed(config, topics, pipeline, metrics);
      watcher = new ClusterWatcher(config, names, cluster, metrics);
      Map<String, Object> about = new LinkedHashMap<>();
      about.put("bootstrapServers", config.bootstrapServers());
      about.put("replayRecordsPerPartition", config.replayRecordsPerPartition());
      about.put("samplesKept", config.samplesKept());
      about.put("valuesKept", config.valuesKept());
      about.put("clusterPollMs", config.clusterPollMs());
      EventFeed running = feed;
      PipelineMeters meters = new PipelineMeters(metrics.registry(), pipeline, cluster);
      DashboardServer server = new DashboardServer(config.bindHost(), config.port(),
          config.pushIntervalMs(), pipeline, cluster, about, running::healthy, metrics,
          meters::refresh, blobs, new BlobGate(config.blobStoreUri()));
      feed.start();
      watcher.start();
      Dashboard dashboard = new Dashboard(metrics, blobs, feed, watcher, server);
      LOG.info("dashboard at {}", dashboard.url());
      return dashboard;
    } catch (RuntimeException e) {
      closeAll(watcher, feed, blobs, metrics);
      throw e;
    }
  }

  /** The page's address; a wildcard bind address is shown as localhost. */
  public URI url() {
    InetSocketAddress address = server.address();
    String host = address.getAddress().isAnyLocalAddress() ? "localhost"
        : address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort() + "/");
  }

  /** The metrics the dashboard serves at {@code /metrics}. */
  public ServiceMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    server.close();
    closeAll(watcher, feed, blobs, metrics);
  }

  private static void closeAll(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed", part.getClass().getSimpleName(), e);
      }
    }
  }
}
