package org.mmedpo.ingest.stow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.pipeline.FileOutcome;
import org.mmedpo.ingest.pipeline.IngestSink;
import org.mmedpo.ingest.pipeline.IngestSummary;
import org.mmedpo.ingest.pipeline.Ingestor;
import org.mmedpo.ingest.pipeline.ProgressListener;
import org.mmedpo.ingest.source.ExportIndex;
import org.mmedpo.ingest.source.InputFile;
import org.mmedpo.ingest.source.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DICOMweb STOW-RS on the JDK's HTTP server: {@code POST /studies} (or {@code /studies/{uid}})
 * with {@code multipart/related; type="application/dicom"}. Parts of type application/dicom are
 * instances; a text/plain part is a report, an application/fhir+json (or application/json) part a
 * FHIR DiagnosticReport or a ground-truth sidecar. The request is ingested as one batch (pairing
 * within the request), committed to Kafka, then answered with the PS3.18 store response as DICOM
 * JSON: ReferencedSOPSequence (0008,1199) for stored instances, FailedSOPSequence (0008,1198) with
 * a FailureReason (0008,1197) for the others; HTTP 200 when all were stored, 202 when some failed,
 * 409 when all failed. Reasons are in the dead-letter topic.
 */
public final class StowServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StowServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** PS3.4 status codes used as FailureReason. */
  static final int PROCESSING_FAILURE = 0x0110;
  static final int CANNOT_UNDERSTAND = 0xC000;
  static final int TRANSFER_SYNTAX_NOT_SUPPORTED = 0xC122;

  private final HttpServer server;
  private final ExecutorService executor;
  private final IngestConfig config;
  private final Ingestor ingestor;
  private final IngestSink sink;
  private final IngestSummary summary = new IngestSummary();

  private StowServer(HttpServer server, ExecutorService executor, IngestConfig config,
      Ingestor ingestor, IngestSink sink) {
    this.server = server;
    this.executor = executor;
    this.config = config;
    this.ingestor = ingestor;
    this.sink = sink;
  }

  /** Starts the endpoint on {@code ingest.stow.bind.host}:{@code ingest.stow.port}. */
  public static StowServer start(IngestConfig config, Ingestor ingestor, IngestSink sink) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(config.stowBindHost(), config.stowPort()), 16);
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "mmedpo-stow");
      t.setDaemon(true);
      return t;
    });
    StowServer stow = new StowServer(http, executor, config, ingestor, sink);
    http.createContext("/studies", stow::handle);
    http.setExecutor(executor);
    http.start();
    LOG.info("STOW-RS listening on {}", stow.baseUrl());
    return stow;
  }

  /** {@code http://host:port}. */
  public String baseUrl() {
    return "http://" + config.stowBindHost() + ":" + server.getAddress().getPort();
  }

  public IngestSummary summary() {
    return summary;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().add("Allow", "POST");
        send(exchange, 405, error("only POST is supported"));
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/related")) {
        send(exchange, 415, error("expected multipart/related; type=\"application/dicom\""));
        return;
      }
      String boundary = Multipart.parameter(contentType, "boundary");
      if (boundary == null || boundary.isEmpty()) {
        send(exchange, 400, error("the Content-Type has no boundary"));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.stowMaxRequestBytes() + 1));
      }
      if (body.length > config.stowMaxRequestBytes()) {
        send(exchange, 413, error("the request is larger than " + config.stowMaxRequestBytes() + " bytes"));
        return;
      }
      List<Multipart.Part> parts;
      try {
        parts = Multipart.parse(body, boundary);
      } catch (IllegalArgumentException e) {
        send(exchange, 400, error("malformed multipart body: " + e.getMessage()));
        return;
      }
      Response response = store(parts);
      send(exchange, response.status, response.json);
    } catch (RuntimeException e) {
      LOG.error("STOW-RS request failed: {}", e.getClass().getName());
      send(exchange, 500, error("internal error"));
    }
  }

  private record Response(int status, byte[] json) {}

  /** Ingests the parts of one request and builds the store response. */
  Response store(List<Multipart.Part> parts) {
    String request = UUID.randomUUID().toString().substring(0, 8);
    ExportIndex index = new ExportIndex();
    Map<String, Integer> dicomParts = new HashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Multipart.Part part = parts.get(i);
      String type = part.contentType().toLowerCase(Locale.ROOT);
      String base = "stow/" + request + "/part-" + (i + 1);
      if (type.startsWith("application/dicom")) {
        InputFile file = InputFile.inMemory(base + ".dcm", InputFile.Kind.DICOM, part.body());
        dicomParts.put(file.relative(), i);
        index.addBytes(file, part.body(), ingestor.parser());
      } else if (type.startsWith("text/plain")) {
        index.addBytes(InputFile.inMemory(base + ".txt", InputFile.Kind.REPORT_OR_SIDECAR, part.body()),
            part.body(), ingestor.parser());
      } else if (type.startsWith("application/fhir+json") || type.startsWith("application/json")) {
        index.addBytes(InputFile.inMemory(base + ".json", InputFile.Kind.REPORT_OR_SIDECAR, part.body()),
            part.body(), ingestor.parser());
      } else {
        index.rejections().add(new Rejection(base, "ingest.stow", "unsupported part media type",
            "'" + type.replaceAll("[^a-z0-9/+.;= -]", "?") + "'", null));
      }
    }
    Map<String, FileOutcome> outcomes = new HashMap<>();
    IngestSummary mine = new IngestSummary();
    ingestor.process("stow:" + request, index, file -> true, mine, ProgressListener.NONE, outcomes);
    sink.commit();
    summary.addAll(mine);
    Map<String, String[]> uids = new HashMap<>();
    index.images().forEach(e -> uids.put(e.file().relative(),
        new String[] {e.header().sopClassUid(), e.header().sopUid()}));
    ObjectNode root = JSON.createObjectNode();
    ArrayNode stored = JSON.createArrayNode();
    ArrayNode failed = JSON.createArrayNode();
    for (String file : dicomParts.keySet().stream().sorted().toList()) {
      FileOutcome outcome = outcomes.get(file);
      String[] uid = uids.getOrDefault(file, new String[] {null, null});
      ObjectNode item = JSON.createObjectNode();
      if (uid[0] != null) {
        attribute(item, "00081150", "UI", uid[0]);
      }
      if (uid[1] != null) {
        attribute(item, "00081155", "UI", uid[1]);
      }
      if (outcome != null && outcome.state() != FileOutcome.State.DEAD_LETTERED) {
        stored.add(item);
      } else {
        int code = outcome == null ? PROCESSING_FAILURE
            : outcome.reason().startsWith("unsupported transfer syntax") ? TRANSFER_SYNTAX_NOT_SUPPORTED
            : outcome.stage().equals("ingest.dicom") ? CANNOT_UNDERSTAND : PROCESSING_FAILURE;
        item.putObject("00081197").put("vr", "US").putArray("Value").add(code);
        failed.add(item);
      }
    }
    if (!stored.isEmpty()) {
      root.putObject("00081199").put("vr", "SQ").set("Value", stored);
    }
    if (!failed.isEmpty()) {
      root.putObject("00081198").put("vr", "SQ").set("Value", failed);
    }
    int status = dicomParts.isEmpty() ? 400 : failed.isEmpty() ? 200 : stored.isEmpty() ? 409 : 202;
    LOG.info("STOW-RS request {}: {} instances stored, {} failed", request, stored.size(), failed.size());
    try {
      return new Response(status, JSON.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void attribute(ObjectNode item, String tag, String vr, String value) {
    item.putObject(tag).put("vr", vr).putArray("Value").add(value);
  }

  private static byte[] error(String message) {
    ObjectNode node = JSON.createObjectNode().put("error", message);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type",
        status / 100 == 2 || status == 409 ? "application/dicom+json" : "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
