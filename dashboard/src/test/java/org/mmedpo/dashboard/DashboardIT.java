package org.mmedpo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;

/**
 * The dashboard against a real broker and registry: what it reads from the topics and the cluster
 * reaches its snapshot, including consumer lag, dead letters and undecodable records, and the
 * sample browser serves images out of the real blob store.
 */
class DashboardIT {

  @TempDir static Path dataDir;
  static LivePipeline pipeline;
  static Dashboard dashboard;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    pipeline = LivePipeline.start(dataDir);
    // Events written before the dashboard starts are replayed; later ones are followed.
    pipeline.sendPair(1);
    pipeline.sendVersion(0);
    dashboard = Dashboard.start(pipeline.config);
    for (int i = 2; i <= 4; i++) {
      pipeline.sendPair(i);
    }
    pipeline.sendMetrics("run-it", 1, 30);
    pipeline.sendVersion(1);
    pipeline.send(pipeline.topics.dlq(), "bad", PipelineEvents.letter("ingest.dicom", "no pixel data", "s9/IM1.dcm"));
    pipeline.send(pipeline.topics.dlq(), "bad", PipelineEvents.letter("ingest.dicom", "no pixel data", "s9/IM2.dcm"));
    pipeline.send(pipeline.topics.dlq(), "bad", PipelineEvents.letter("streams.judges", "judge timeout", null));
    pipeline.sendGarbage(pipeline.topics.dlq());
    pipeline.commit("mmedpo-trainer", pipeline.topics.preferences(), 0);
  }

  @AfterAll
  static void stop() {
    if (dashboard != null) {
      dashboard.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  static JsonNode snapshotWhen(Predicate<JsonNode> ready) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    JsonNode snapshot = null;
    while (System.currentTimeMillis() < deadline) {
      snapshot = JSON.readTree(get("api/snapshot").body());
      if (ready.test(snapshot)) {
        return snapshot;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the snapshot never got there; last: " + snapshot);
  }

  static HttpResponse<byte[]> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(dashboard.url().resolve(path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void shouldCountRecordsPerTopicFromTheClusterEndOffsets() throws Exception {
    long expected = pipeline.endOffsets(pipeline.topics.pairs());
    JsonNode s = snapshotWhen(n -> n.at("/cluster/topics/0/records").asLong() == 4);
    assertThat(expected).isEqualTo(4);
    assertThat(s.at("/cluster/topics/0/topic").asText()).isEqualTo("mmedpo.pairs.v1");
    assertThat(s.at("/cluster/error").isNull()).isTrue();
  }

  @Test
  void shouldReplayAndFollowEveryEventKind() throws Exception {
    JsonNode s = snapshotWhen(n -> n.at("/pipeline/read/mmedpo.preferences.v1").asLong() == 8
        && n.at("/pipeline/versions").size() == 2
        && n.at("/pipeline/training/0/kept").asInt() == 30);
    assertThat(s.at("/pipeline/variantKinds/TEXT_HALLUCINATION").asLong()).isEqualTo(4);
    assertThat(s.at("/pipeline/variantKinds/LESION_NEGLECT").asLong()).isEqualTo(4);
    assertThat(s.at("/pipeline/rawScores/n").asLong()).isEqualTo(8);
    assertThat(s.at("/pipeline/weights/n").asLong()).isEqualTo(8);
    assertThat(s.at("/pipeline/versions/1/evaluation/closed_accuracy").asDouble()).isEqualTo(0.55);
    assertThat(s.at("/pipeline/training/0/curve/step/29").asLong()).isEqualTo(30);
    assertThat(s.at("/pipeline/training/0/latest/samplesSeen").asLong()).isEqualTo(240);
  }

  @Test
  void shouldCountDeadLettersByReasonAndTheRecordsItCannotDecode() throws Exception {
    JsonNode s = snapshotWhen(n -> n.at("/pipeline/deadLetters/total").asLong() == 3
        && n.at("/pipeline/undecodable/mmedpo.dlq.v1").asLong() == 1);
    assertThat(s.at("/pipeline/deadLetters/byReason/0/name").asText()).isEqualTo("no pixel data");
    assertThat(s.at("/pipeline/deadLetters/byReason/0/count").asLong()).isEqualTo(2);
  }

  @Test
  void shouldShowTheLagOfAConsumerGroup() throws Exception {
    JsonNode s = snapshotWhen(n -> n.at("/cluster/groups").size() > 0
        && n.at("/cluster/groups/0/lag").asLong() == 8);
    assertThat(s.at("/cluster/groups/0/group").asText()).isEqualTo("mmedpo-trainer");
    assertThat(s.at("/cluster/groups/0/topics/0/topic").asText()).isEqualTo("mmedpo.preferences.v1");
  }

  @Test
  void shouldServeTheSampleImagesFromTheBlobStore() throws Exception {
    snapshotWhen(n -> n.at("/pipeline/samples").size() == 8);
    HttpResponse<byte[]> rejected = get("api/samples/pair-3-lesion-sample/rejected.png");
    assertThat(rejected.statusCode()).isEqualTo(200);
    GrayImage shown = PngCodec.decode(rejected.body());
    assertThat(shown.width()).isEqualTo(PipelineEvents.SIZE);
    assertThat(shown.bits()).isEqualTo(8);
    assertThat(get("api/samples/pair-3-lesion-sample/mask.png").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldServeHealthAndPrometheusMetrics() throws Exception {
    assertThat(get("healthz").statusCode()).isEqualTo(200);
    snapshotWhen(n -> n.at("/pipeline/read/mmedpo.preferences.v1").asLong() == 8);
    String metrics = new String(get("metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(metrics).containsPattern(
        "mmedpo_dashboard_records_read_total\\{service=\"dashboard\",topic=\"mmedpo.preferences.v1\"} 8\\.0");
    assertThat(metrics).contains("kafka_consumer_");
  }

  @Test
  void shouldExportTheJvmAndKafkaClientSeriesTheGrafanaBoardQueries() throws Exception {
    snapshotWhen(n -> n.at("/pipeline/read/mmedpo.preferences.v1").asLong() == 8);
    String metrics = new String(get("metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
    String board = java.nio.file.Files.readString(Path.of("..", "docker", "grafana", "dashboards", "mmedpo.json"));
    java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b(jvm|kafka)_[a-z_]+").matcher(board);
    int checked = 0;
    while (names.find()) {
      assertThat(metrics).as("the board queries %s", names.group()).containsPattern("(?m)^" + names.group() + "[{ ]");
      checked++;
    }
    assertThat(checked).isPositive();
  }

  @Test
  void shouldNeverCommitOffsetsOfItsOwn() throws Exception {
    JsonNode s = snapshotWhen(n -> n.at("/cluster/groups").size() > 0);
    for (JsonNode group : s.at("/cluster/groups")) {
      assertThat(group.get("group").asText()).isEqualTo("mmedpo-trainer");
    }
  }
}
