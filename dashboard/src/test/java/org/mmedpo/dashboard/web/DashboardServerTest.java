package org.mmedpo.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.dashboard.PipelineEvents;
import org.mmedpo.dashboard.PipelineEvents.PairEvents;
import org.mmedpo.dashboard.display.BlobGate;
import org.mmedpo.dashboard.view.ClusterView;
import org.mmedpo.dashboard.view.PipelineView;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.schemas.EventContract;

class DashboardServerTest {

  @TempDir Path temp;
  LocalBlobStore blobs;
  PipelineEvents events;
  PipelineView pipeline;
  ClusterView cluster;
  ServiceMetrics metrics;
  AtomicBoolean feedHealthy = new AtomicBoolean(true);
  AtomicInteger scrapes = new AtomicInteger();
  DashboardServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() {
    blobs = new LocalBlobStore(temp.resolve("blobs"));
    events = new PipelineEvents(blobs);
    pipeline = new PipelineView(50, 1_000, 1_000);
    cluster = new ClusterView(List.of("mmedpo.pairs.v1", "mmedpo.preferences.v1"));
    metrics = ServiceMetrics.unserved("dashboard");
    server = new DashboardServer("127.0.0.1", 0, 100, pipeline, cluster,
        Map.of("bootstrapServers", "localhost:1"), feedHealthy::get, metrics, scrapes::incrementAndGet,
        blobs,
        new BlobGate(blobs.root().toUri().toString()));
  }

  @AfterEach
  void stop() {
    server.close();
    metrics.close();
  }

  private void feed(PairEvents pair) {
    pair.variants().forEach(v -> pipeline.accept(EventContract.VARIANTS, v.getVariantId(), v));
    pair.scores().forEach(s -> pipeline.accept(EventContract.SCORES, s.getScoreId(), s));
    pair.samples().forEach(s -> pipeline.accept(EventContract.PREFERENCES, s.getSampleId(), s));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldServeThePageAndItsScriptsButNoOtherFiles() throws Exception {
    HttpResponse<byte[]> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(text(page)).contains("<title>mmedpo-stream dashboard</title>", "/static/dashboard.js");
    assertThat(get("/static/charts.js").headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/javascript"));
    assertThat(get("/static/../../../pom.xml").statusCode()).isEqualTo(404);
    assertThat(get("/static/DashboardServer.class").statusCode()).isEqualTo(404);
    assertThat(get("/nowhere").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldServeASnapshotOfWhatTheViewsHold() throws Exception {
    feed(events.pair(1));
    cluster.update(1_000, Map.of("mmedpo.pairs.v1", 10L, "mmedpo.preferences.v1", 2L), List.of());
    JsonNode snapshot = json.readTree(get("/api/snapshot").body());
    assertThat(snapshot.at("/pipeline/variantKinds/TEXT_HALLUCINATION").asLong()).isEqualTo(1);
    assertThat(snapshot.at("/pipeline/rawScores/n").asLong()).isEqualTo(2);
    assertThat(snapshot.at("/pipeline/samples").size()).isEqualTo(2);
    assertThat(snapshot.at("/cluster/topics/0/records").asLong()).isEqualTo(10);
    assertThat(snapshot.at("/about/bootstrapServers").asText()).isEqualTo("localhost:1");
  }

  @Test
  void shouldDiffTheReportsAndLinkTheImagesOfASample() throws Exception {
    feed(events.pair(1));
    JsonNode text = json.readTree(get("/api/samples/pair-1-text-sample").body());
    assertThat(text.at("/kind").asText()).isEqualTo("TEXT_HALLUCINATION");
    assertThat(changed(text.at("/rejected/text"))).contains("left", "Small");
    assertThat(changed(text.at("/chosen/text"))).contains("right", "No");
    assertThat(text.at("/operations/0/name").asText()).isEqualTo("swap_laterality");
    assertThat(text.at("/sameImage").asBoolean()).isTrue();

    JsonNode lesion = json.readTree(get("/api/samples/pair-1-lesion-sample").body());
    assertThat(lesion.at("/chosen/image").asText()).isEqualTo("/api/samples/pair-1-lesion-sample/chosen.png");
    assertThat(lesion.at("/rejected/mask").asText()).isEqualTo("/api/samples/pair-1-lesion-sample/mask.png");
    assertThat(lesion.at("/variant/maskCoverage").asDouble()).isEqualTo(events.maskCoverage());
    assertThat(lesion.toString()).doesNotContain(blobs.root().toString());
  }

  private static List<String> changed(JsonNode segments) {
    return java.util.stream.StreamSupport.stream(segments.spliterator(), false)
        .filter(s -> s.get("changed").asBoolean()).map(s -> s.get("text").asText()).toList();
  }

  @Test
  void shouldServeWindowedEightBitImagesAndTheMaskOutline() throws Exception {
    feed(events.pair(1));
    HttpResponse<byte[]> chosen = get("/api/samples/pair-1-lesion-sample/chosen.png");
    assertThat(chosen.statusCode()).isEqualTo(200);
    assertThat(chosen.headers().firstValue("Content-Type")).contains("image/png");
    GrayImage shown = PngCodec.decode(chosen.body());
    assertThat(shown.bits()).isEqualTo(8);
    assertThat(shown.width()).isEqualTo(PipelineEvents.SIZE);
    GrayImage rejected = PngCodec.decode(get("/api/samples/pair-1-lesion-sample/rejected.png").body());
    assertThat(rejected).isNotEqualTo(shown);
    HttpResponse<byte[]> mask = get("/api/samples/pair-1-lesion-sample/mask.png");
    assertThat(mask.statusCode()).isEqualTo(200);
    assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(mask.body()))
        .getColorModel().hasAlpha()).isTrue();
    assertThat(get("/api/samples/pair-1-text-sample/mask.png").statusCode()).isEqualTo(404);
    assertThat(get("/api/samples/no-such-sample").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldRefuseAnImageOutsideTheConfiguredStore() throws Exception {
    Path outside = temp.resolve("secret");
    LocalBlobStore other = new LocalBlobStore(outside);
    byte[] png = PngCodec.encode(GrayImage.blank(4, 4, 8));
    var blob = other.put(png, "image/png");
    ImageRef foreign = ImageRef.newBuilder().setUri(blob.uri()).setSha256(blob.sha256())
        .setMediaType("image/png").setWidth(4).setHeight(4).setBitsStored(8)
        .setPhotometricInterpretation("MONOCHROME2").build();
    PreferenceSample sample = events.pair(2).samples().get(1);
    sample.setSampleId("sneaky");
    sample.setChosenImage(foreign);
    pipeline.accept(EventContract.PREFERENCES, "sneaky", sample);

    assertThat(get("/api/samples/sneaky/chosen.png").statusCode()).isEqualTo(403);
    assertThat(get("/api/samples/sneaky/rejected.png").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldReportHealthFromTheEventFeed() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    feedHealthy.set(false);
    assertThat(get("/healthz").statusCode()).isEqualTo(503);
  }

  @Test
  void shouldServePrometheusMetricsOfTheDashboard() throws Exception {
    HttpResponse<byte[]> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).contains("mmedpo_dashboard_pages_open{service=\"dashboard\"}",
        "jvm_memory_used_bytes");
    assertThat(scrapes.get()).as("derived meters refreshed before the scrape").isEqualTo(1);
  }

  @Test
  void shouldPushANewSnapshotWhenEventsArriveWithoutBeingAsked() throws Exception {
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/api/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/event-stream"));
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      JsonNode first = json.readTree(nextData(reader));
      assertThat(first.at("/pipeline/samples").size()).isZero();

      feed(events.pair(1));

      JsonNode second = json.readTree(nextData(reader));
      assertThat(second.at("/pipeline/samples").size()).as("the next event holds the new samples")
          .isEqualTo(2);
    }
  }

  private static String nextData(BufferedReader reader) throws Exception {
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.startsWith("data: ")) {
        return line.substring(6);
      }
    }
    throw new AssertionError("the event stream ended");
  }
}
