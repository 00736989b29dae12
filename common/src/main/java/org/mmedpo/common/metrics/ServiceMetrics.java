package org.mmedpo.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.mmedpo.common.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's Prometheus metrics: a Micrometer registry tagged {@code service=<name>}, with JVM
 * meters bound, Kafka clients added by {@link #monitor}, and (unless disabled) an HTTP endpoint
 * that serves {@code GET /metrics} in the Prometheus text format and {@code GET /healthz}.
 *
 * <p>A service opts in with two lines: its configuration adds the keys with
 * {@code ServiceMetrics.define(def, "ingest", 9401)}, and its command starts the endpoint with
 * {@code ServiceMetrics metrics = ServiceMetrics.start(config, "ingest")} (closed on shutdown). The
 * keys are {@code <service>.metrics.port} and {@code <service>.metrics.bind.host}, so services
 * started side by side on one machine keep distinct default ports.
 */
public final class ServiceMetrics implements AutoCloseable {

  /** Port value that turns the HTTP endpoint off (the registry still records). */
  public static final int DISABLED = -1;

  /** Content type of the Prometheus text exposition format that {@link #scrape()} returns. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(ServiceMetrics.class);

  private final String service;
  private final PrometheusMeterRegistry registry;
  private final List<AutoCloseable> binders = new ArrayList<>();
  private HttpServer server;
  private ExecutorService executor;

  private ServiceMetrics(String service) {
    this.service = service;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", service);
    for (MeterBinder binder : List.of(new ClassLoaderMetrics(), new JvmMemoryMetrics(),
        new JvmThreadMetrics(), new ProcessorMetrics(), new UptimeMetrics())) {
      binder.bindTo(registry);
    }
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
  }

  /** The key of the metrics port of {@code service}. */
  public static String portKey(String service) {
    return service + ".metrics.port";
  }

  /** The key of the address the metrics endpoint of {@code service} listens on. */
  public static String bindHostKey(String service) {
    return service + ".metrics.bind.host";
  }

  /**
   * Adds {@code <service>.metrics.port} (default {@code defaultPort}; 0 picks a free port, -1 turns
   * the endpoint off) and {@code <service>.metrics.bind.host} (default loopback) to {@code def}.
   */
  public static ConfigDef define(ConfigDef def, String service, int defaultPort) {
    return def
        .define(portKey(service), Type.INT, defaultPort, Range.between(DISABLED, 65535),
            Importance.LOW, "Port of the " + service + " service's Prometheus endpoint (GET "
                + "/metrics); 0 picks a free port, -1 turns the endpoint off.")
        .define(bindHostKey(service), Type.STRING, "127.0.0.1", new AppConfig.NonBlank(),
            Importance.LOW, "Address the " + service + " service's metrics endpoint listens on; "
                + "0.0.0.0 lets a Prometheus in another container scrape it.");
  }

  /**
   * The metrics of {@code service}, served as {@code config} says ({@link #define} must have
   * added the keys to its definition).
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static ServiceMetrics start(AppConfig config, String service) {
    int port = config.getInt(portKey(service));
    ServiceMetrics metrics = new ServiceMetrics(service);
    if (port != DISABLED) {
      metrics.serve(config.getString(bindHostKey(service)), port);
    }
    return metrics;
  }

  /**
   * Metrics without an endpoint of their own, for a service that serves {@link #scrape()} on its
   * own HTTP server (the dashboard does).
   */
  public static ServiceMetrics unserved(String service) {
    return new ServiceMetrics(service);
  }

  private void serve(String host, int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot serve " + service + " metrics on " + host + ":" + port
          + " (set " + portKey(service) + ")", e);
    }
    server.createContext("/metrics", exchange -> respond(exchange, CONTENT_TYPE, scrape()));
    server.createContext("/healthz", exchange -> respond(exchange, "text/plain", "ok\n"));
    executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mmedpo-metrics-" + service);
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.start();
    LOG.info("{} metrics at http://{}:{}/metrics", service, host, server.getAddress().getPort());
  }

  private static void respond(HttpExchange exchange, String type, String body) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** The registry, for the service's own meters (counters, timers, gauges). */
  public MeterRegistry registry() {
    return registry;
  }

  /** The service name every meter is tagged with. */
  public String service() {
    return service;
  }

  /** Every meter in the Prometheus text format ({@link #CONTENT_TYPE}). */
  public String scrape() {
    return registry.scrape();
  }

  /** Where the endpoint listens, when it runs. */
  public Optional<InetSocketAddress> address() {
    return server == null ? Optional.empty() : Optional.of(server.getAddress());
  }

  /** Records the client's own metrics (rates, latencies, lag) and returns it. */
  public <K, V> Producer<K, V> monitor(Producer<K, V> producer) {
    bind(new KafkaClientMetrics(producer));
    return producer;
  }

  /** Records the client's own metrics (fetch rates, records lag) and returns it. */
  public <K, V> Consumer<K, V> monitor(Consumer<K, V> consumer) {
    bind(new KafkaClientMetrics(consumer));
    return consumer;
  }

  /** Records the client's own metrics and returns it ({@code AdminClient.create} gives one). */
  public AdminClient monitor(AdminClient admin) {
    bind(new KafkaClientMetrics(admin));
    return admin;
  }

  /**
   * Binds any other meter binder, e.g. {@code new KafkaStreamsMetrics(streams)} for a Kafka
   * Streams application; closed with these metrics when it is {@link AutoCloseable}.
   */
  public void bind(MeterBinder binder) {
    binder.bindTo(registry);
    if (binder instanceof AutoCloseable closeable) {
      synchronized (binders) {
        binders.add(closeable);
      }
    }
  }

  /** Stops the endpoint and the client binders, and closes the registry. */
  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
    synchronized (binders) {
      for (AutoCloseable binder : binders) {
        try {
          binder.close();
        } catch (Exception e) {
          LOG.debug("closing a meter binder failed", e);
        }
      }
      binders.clear();
    }
    registry.close();
  }
}
