package org.mmedpo.common.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A minimal registry speaking the Confluent REST API over real HTTP on loopback, for unit tests of
 * the client and serde. Integration tests use the real registry of the embedded platform.
 */
public final class InMemorySchemaRegistry implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, Integer> ids = new LinkedHashMap<>();
  private final List<String> schemas = new ArrayList<>();
  private final Map<Integer, String> subjectById = new LinkedHashMap<>();
  private final com.fasterxml.jackson.databind.ObjectMapper json =
      new com.fasterxml.jackson.databind.ObjectMapper();

  public InMemorySchemaRegistry() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public SchemaRegistryClient client() {
    return new SchemaRegistryClient(
        "http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(5));
  }

  /** Registers directly (as another client would) and returns the id. */
  public synchronized int register(String subject, Schema schema) {
    String text = schema.toString();
    return ids.computeIfAbsent(text, t -> {
      schemas.add(t);
      subjectById.put(schemas.size(), subject);
      return schemas.size();
    });
  }

  public synchronized String subjectOf(int id) {
    return subjectById.get(id);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    String reply;
    int status = 200;
    if (method.equals("POST") && path.matches("/subjects/[^/]+/versions")) {
      String subject = path.split("/")[2];
      Schema schema = new Schema.Parser().parse(
          json.readTree(exchange.getRequestBody()).get("schema").asText());
      reply = "{\"id\":" + register(subject, schema) + "}";
    } else if (method.equals("GET") && path.startsWith("/schemas/ids/")) {
      int id = Integer.parseInt(path.substring("/schemas/ids/".length()));
      if (id < 1 || id > schemas.size()) {
        status = 404;
        reply = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
      } else {
        reply = json.writeValueAsString(Map.of("schema", schemas.get(id - 1)));
      }
    } else if (method.equals("GET") && path.equals("/subjects")) {
      reply = json.writeValueAsString(subjectById.values().stream().distinct().toList());
    } else {
      status = 404;
      reply = "{\"error_code\":404}";
    }
    byte[] body = reply.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
