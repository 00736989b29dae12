package org.mmedpo.dashboard.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import io.micrometer.core.instrument.Gauge;
import org.mmedpo.common.blob.BlobCorruptException;
import org.mmedpo.common.blob.BlobNotFoundException;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.dashboard.display.BlobGate;
import org.mmedpo.dashboard.display.DisplayImages;
import org.mmedpo.dashboard.view.ClusterView;
import org.mmedpo.dashboard.view.PipelineView;
import org.mmedpo.dashboard.view.PipelineView.SampleEntry;
import org.mmedpo.events.ImageRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP server (the JDK's {@code com.sun.net.httpserver}).
 *
 * <pre>
 * GET /                               the page
 * GET /static/{file}                  its script and style sheet
 * GET /api/snapshot                   the whole state as JSON
 * GET /api/events                     the same, pushed as server-sent events while it changes
 * GET /api/samples/{id}               one preference sample: texts diffed, operations, image links
 * GET /api/samples/{id}/chosen.png    its chosen image, windowed to 8-bit grey
 * GET /api/samples/{id}/rejected.png  its rejected (lesion-noised) image, windowed
 * GET /api/samples/{id}/mask.png      the outline of its variant's lesion mask, transparent elsewhere
 * GET /healthz                        200 while the event feed runs, 503 when it stopped
 * GET /metrics                        Prometheus text format
 * </pre>
 *
 * Images come only from samples the dashboard holds and only from the configured blob store
 * ({@link BlobGate}); nothing else on disk can be reached.
 */
public final class DashboardServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final String RESOURCES = "/org/mmedpo/dashboard/web/";
  private static final Map<String, String> STATIC = Map.of(
      "dashboard.js", "text/javascript; charset=utf-8",
      "charts.js", "text/javascript; charset=utf-8",
      "dashboard.css", "text/css; charset=utf-8");
  private static final int IMAGE_CACHE_ENTRIES = 48;

  private final PipelineView pipeline;
  private final ClusterView cluster;
  private final Map<String, Object> about;
  private final BooleanSupplier feedHealthy;
  private final ServiceMetrics metrics;
  private final Runnable beforeScrape;
  private final BlobStore blobs;
  private final BlobGate gate;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService executor;
  private final EventStream events;
  private final Map<String, byte[]> imageCache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
      return size() > IMAGE_CACHE_ENTRIES;
    }
  };

  /**
   * Starts serving on {@code host:port} (port 0 picks a free one).
   *
   * @param about facts about this dashboard the page shows (cluster address, replay window)
   * @param feedHealthy whether the event feed still runs, for {@code /healthz}
   * @param beforeScrape brings meters derived from the views up to date before {@code /metrics}
   * @throws UncheckedIOException when the address cannot be bound
   */
  public DashboardServer(String host, int port, int pushIntervalMs, PipelineView pipeline,
      ClusterView cluster, Map<String, Object> about, BooleanSupplier feedHealthy,
      ServiceMetrics metrics, Runnable beforeScrape, BlobStore blobs, BlobGate gate) {
    this.pipeline = pipeline;
    this.cluster = cluster;
    this.about = Map.copyOf(about);
    this.feedHealthy = feedHealthy;
    this.metrics = metrics;
    this.beforeScrape = beforeScrape;
    this.blobs = blobs;
    this.gate = gate;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the dashboard on " + host + ":" + port
          + " (set --port or dashboard.port)", e);
    }
    AtomicInteger threads = new AtomicInteger();
    executor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, "mmedpo-dashboard-http-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    server.setExecutor(executor);
    events = new EventStream(() -> pipeline.version() * 31 + cluster.version(), this::snapshotJson,
        pushIntervalMs);
    Gauge.builder("mmedpo.dashboard.pages.open", events, EventStream::clients)
        .description("Pages holding an open event stream").register(metrics.registry());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        send(exchange, 405, "text/plain; charset=utf-8", bytes("only GET\n"));
        return;
      }
      route(exchange, exchange.getRequestURI());
    } catch (IOException e) {
      LOG.debug("a response was cut short", e);
      exchange.close();
    } catch (RuntimeException e) {
      LOG.warn("request {} failed", exchange.getRequestURI(), e);
      send(exchange, 500, "text/plain; charset=utf-8", bytes("internal error: " + e.getMessage() + "\n"));
    }
  }

  private void route(HttpExchange exchange, URI uri) throws IOException {
    String path = uri.getRawPath();
    if (path.equals("/") || path.equals("/index.html")) {
      send(exchange, 200, "text/html; charset=utf-8", resource("index.html"));
    } else if (path.startsWith("/static/") && STATIC.containsKey(path.substring(8))) {
      send(exchange, 200, STATIC.get(path.substring(8)), resource(path.substring(8)));
    } else if (path.equals("/api/snapshot")) {
      send(exchange, 200, "application/json", bytes(snapshotJson()));
    } else if (path.equals("/api/events")) {
      events.open(exchange);
    } else if (path.startsWith("/api/samples/")) {
      sample(exchange, path.substring("/api/samples/".length()));
    } else if (path.equals("/healthz")) {
      boolean ok = feedHealthy.getAsBoolean();
      send(exchange, ok ? 200 : 503, "text/plain; charset=utf-8",
          bytes(ok ? "ok\n" : "the event feed stopped; see the dashboard's log\n"));
    } else if (path.equals("/metrics")) {
      beforeScrape.run();
      send(exchange, 200, ServiceMetrics.CONTENT_TYPE, bytes(metrics.scrape()));
    } else {
      send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"));
    }
  }

  private void sample(HttpExchange exchange, String rest) throws IOException {
    String[] parts = rest.split("/", -1);
    if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty()) {
      send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"));
      return;
    }
    String id = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
    Optional<SampleEntry> entry = pipeline.sample(id);
    if (entry.isEmpty()) {
      send(exchange, 404, "text/plain; charset=utf-8",
          bytes("no sample " + id + " (the dashboard keeps the latest ones only)\n"));
      return;
    }
    if (parts.length == 1) {
      send(exchange, 200, "application/json", json.writeValueAsBytes(SampleDetails.of(entry.get())));
      return;
    }
    SampleEntry found = entry.get();
    switch (parts[1]) {
      case "chosen.png" -> image(exchange, found.sample().getChosenImage(), false);
      case "rejected.png" -> image(exchange, found.sample().getRejectedImage(), false);
      case "mask.png" -> image(exchange, found.variant() == null ? null : found.variant().lesionMask(), true);
      default -> send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"));
    }
  }

  private void image(HttpExchange exchange, ImageRef ref, boolean outline) throws IOException {
    if (ref == null) {
      send(exchange, 404, "text/plain; charset=utf-8", bytes("this sample has no such image\n"));
      return;
    }
    if (!gate.allows(ref.getUri(), ref.getSha256())) {
      LOG.warn("refused to serve {}: not a blob of the configured store", ref.getUri());
      send(exchange, 403, "text/plain; charset=utf-8", bytes("not a blob of the configured store\n"));
      return;
    }
    String key = ref.getSha256() + (outline ? "/outline" : "/" + ref.getWindowCenter() + "/" + ref.getWindowWidth());
    byte[] png;
    synchronized (imageCache) {
      png = imageCache.get(key);
    }
    if (png == null) {
      try {
        GrayImage image = PngCodec.decode(blobs.get(ref.getUri()));
        png = outline ? DisplayImages.outlinePng(image)
            : DisplayImages.windowedPng(image, ref.getWindowCenter(), ref.getWindowWidth());
      } catch (BlobNotFoundException e) {
        send(exchange, 404, "text/plain; charset=utf-8", bytes("blob not found: " + ref.getUri() + "\n"));
        return;
      } catch (BlobCorruptException | IllegalArgumentException e) {
        send(exchange, 422, "text/plain; charset=utf-8", bytes("unreadable image: " + e.getMessage() + "\n"));
        return;
      }
      synchronized (imageCache) {
        imageCache.put(key, png);
      }
    }
    exchange.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
    send(exchange, 200, "image/png", png);
  }

  /** The whole state as one line of JSON: what the page draws. */
  String snapshotJson() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("generatedAt", System.currentTimeMillis());
    state.put("about", about);
    state.put("feedHealthy", feedHealthy.getAsBoolean());
    state.put("cluster", cluster.snapshot());
    state.put("pipeline", pipeline.snapshot());
    try {
      return json.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DashboardServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return in.readAllBytes();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      if (!exchange.getResponseHeaders().containsKey("Cache-Control")) {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
      }
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    events.close();
    server.stop(0);
    executor.shutdownNow();
  }
}
