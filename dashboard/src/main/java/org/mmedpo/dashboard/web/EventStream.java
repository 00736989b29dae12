package org.mmedpo.dashboard.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events: every open page holds one response open, and gets a {@code snapshot} event
 * with the whole state as JSON when it connects and whenever the state changed, at most once per
 * push interval. A comment line every 15 s keeps idle connections (and proxies) alive; a page that
 * went away is dropped on the next write.
 */
final class EventStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final long KEEP_ALIVE_MS = 15_000;

  private final LongSupplier version;
  private final Supplier<String> snapshot;
  /** Open pages, each with the version of the state it was last sent. */
  private final Map<OutputStream, Long> clients = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker;
  private long lastWriteAt = System.currentTimeMillis();

  /**
   * @param version increases whenever the state changes
   * @param snapshot the state as one line of JSON
   * @param intervalMs shortest time between two pushes
   */
  EventStream(LongSupplier version, Supplier<String> snapshot, int intervalMs) {
    this.version = version;
    this.snapshot = snapshot;
    this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mmedpo-dashboard-push");
      thread.setDaemon(true);
      return thread;
    });
    ticker.scheduleWithFixedDelay(this::tick, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** Open pages. */
  int clients() {
    return clients.size();
  }

  /** Starts an event stream on {@code exchange}; the response stays open after this returns. */
  void open(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    long current = version.getAsLong();
    String first = "retry: 2000\n\n" + event(snapshot.get());
    synchronized (out) {
      out.write(first.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    clients.put(out, current);
  }

  private synchronized void tick() {
    try {
      if (clients.isEmpty()) {
        return;
      }
      long current = version.getAsLong();
      String update = null;
      for (Map.Entry<OutputStream, Long> client : clients.entrySet()) {
        if (client.getValue() != current) {
          if (update == null) {
            update = event(snapshot.get());
          }
          if (write(client.getKey(), update)) {
            client.setValue(current);
          }
        }
      }
      if (update == null && System.currentTimeMillis() - lastWriteAt >= KEEP_ALIVE_MS) {
        clients.keySet().forEach(out -> write(out, ": keep-alive\n\n"));
      }
    } catch (RuntimeException e) {
      LOG.warn("pushing to the open pages failed", e);
    }
  }

  /** Writes to one page; a page that went away is dropped. */
  private boolean write(OutputStream out, String message) {
    lastWriteAt = System.currentTimeMillis();
    try {
      synchronized (out) {
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      return true;
    } catch (IOException e) {
      clients.remove(out);
      closeQuietly(out);
      return false;
    }
  }

  private static String event(String json) {
    return "event: snapshot\ndata: " + json + "\n\n";
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      // the page is gone already
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    clients.keySet().forEach(EventStream::closeQuietly);
    clients.clear();
  }
}
