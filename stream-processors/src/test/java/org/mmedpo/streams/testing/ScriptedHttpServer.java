package org.mmedpo.streams.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An HTTP server on loopback that answers from a script: each request takes the next scripted
 * reply (the last one repeats). Plays an OpenAI-compatible endpoint or a visual tool in tests,
 * including slow, failing and malformed replies. Records every request.
 */
public final class ScriptedHttpServer implements AutoCloseable {

  /** One scripted reply; {@code body} may depend on the request body. */
  public record Reply(int status, Function<String, String> body, long delayMillis, Map<String, String> headers) {

    public static Reply ok(String body) {
      return new Reply(200, request -> body, 0, Map.of());
    }

    public static Reply status(int status, String body) {
      return new Reply(status, request -> body, 0, Map.of());
    }

    public Reply delayed(long millis) {
      return new Reply(status, body, millis, headers);
    }

    public Reply withHeader(String name, String value) {
      java.util.Map<String, String> h = new java.util.HashMap<>(headers);
      h.put(name, value);
      return new Reply(status, body, delayMillis, h);
    }
  }

  /** A request as received. */
  public record Request(String method, String path, Map<String, List<String>> headers, String body) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private volatile Reply last = Reply.status(500, "{\"error\":\"no script\"}");
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  public ScriptedHttpServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** Appends replies to the script. */
  public ScriptedHttpServer then(Reply... replies) {
    for (Reply reply : replies) {
      script.add(reply);
    }
    return this;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public int calls() {
    return calls.get();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    calls.incrementAndGet();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        Map.copyOf(exchange.getRequestHeaders()), body));
    Reply reply = script.poll();
    if (reply == null) {
      reply = last;
    } else {
      last = reply;
    }
    try {
      if (reply.delayMillis() > 0) {
        Thread.sleep(reply.delayMillis());
      }
      byte[] bytes = reply.body().apply(body).getBytes(StandardCharsets.UTF_8);
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (timeout): nothing to answer
    } finally {
      exchange.close();
    }
  }

  /** A chat-completions reply body whose message content is {@code content}. */
  public static String chat(String content) {
    return "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
        + "{\"role\":\"assistant\",\"content\":" + quote(content) + "},\"finish_reason\":\"stop\"}]}";
  }

  public static String quote(String s) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
