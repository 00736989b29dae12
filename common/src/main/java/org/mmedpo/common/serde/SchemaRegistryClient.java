package org.mmedpo.common.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API, the API that Confluent Schema Registry,
 * Apicurio Registry ({@code /apis/ccompat/v7}), Karapace and Redpanda all serve. Only the calls
 * the pipeline needs: register or look up a schema under a subject, fetch a schema by id, list
 * subjects and set the compatibility rule. No caching here; see {@link CachedSchemaRegistry}.
 */
public final class SchemaRegistryClient {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param baseUrl the API root, e.g. {@code http://localhost:8081/apis/ccompat/v7}
   * @param timeout the limit of each HTTP call
   */
  public SchemaRegistryClient(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Registers {@code schema} under {@code subject} (or finds it there) and returns its id. */
  public int register(String subject, Schema schema) {
    JsonNode reply = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    return reply.get("id").asInt();
  }

  /** Returns the id of {@code schema} when it is registered under {@code subject}. */
  public int lookup(String subject, Schema schema) {
    JsonNode reply = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
    return reply.get("id").asInt();
  }

  /** The schema with the given id. */
  public Schema schemaById(int id) {
    JsonNode reply = call("GET", "/schemas/ids/" + id, null);
    return new Schema.Parser().parse(reply.get("schema").asText());
  }

  /** Every subject, in the registry's order. */
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    call("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
    return subjects;
  }

  /**
   * Sets the compatibility rule (BACKWARD, FORWARD, FULL, NONE, ...) of one subject, or the
   * registry's global rule when {@code subject} is null.
   */
  public void setCompatibility(String subject, String level) {
    String path = subject == null ? "/config" : "/config/" + encode(subject);
    call("PUT", path, json(Map.of("compatibility", level)));
  }

  /** True when the registry answers the subject listing. */
  public boolean isReachable() {
    try {
      subjects();
      return true;
    } catch (SchemaRegistryException e) {
      return false;
    }
  }

  private JsonNode call(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(timeout)
        .header("Accept", CONTENT_TYPE + ", application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "schema registry at " + baseUrl + " is not reachable: " + e.getMessage(), -1, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while calling the schema registry", -1, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new SchemaRegistryException(method + " " + path + " answered HTTP "
          + response.statusCode() + ": " + response.body(), response.statusCode(), null);
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          method + " " + path + " answered with invalid JSON: " + e.getMessage(), response.statusCode(), e);
    }
  }

  private static String schemaBody(Schema schema) {
    return json(Map.of("schema", schema.toString()));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
