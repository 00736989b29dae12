package org.mmedpo.streams.lesion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mmedpo.streams.testing.ScriptedHttpServer.Reply.ok;
import static org.mmedpo.streams.testing.ScriptedHttpServer.Reply.status;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.streams.bench.SyntheticPairs;
import org.mmedpo.streams.errors.RejectedRecordException;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.llm.ExternalCallException;
import org.mmedpo.streams.llm.JsonReplies;
import org.mmedpo.streams.llm.ResilientHttp;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.testing.ScriptedHttpServer;

class LocalizersTest {

  private static final java.net.http.HttpClient HTTP = ResilientHttp.newClient(Duration.ofSeconds(2));
  @TempDir Path dir;
  private final ScriptedHttpServer tool = new ScriptedHttpServer();

  @AfterEach
  void stop() {
    tool.close();
  }

  private ImageReportPair abnormalPair(BlobStore blobs) {
    SyntheticPairs synthetic = new SyntheticPairs(blobs, 128, 11);
    for (int i = 0; ; i++) {
      ImageReportPair pair = synthetic.pair(i);
      if (!pair.getAnnotations().isEmpty()) {
        return pair;
      }
    }
  }

  private static GrayImage image(BlobStore blobs, ImageReportPair pair) {
    return PngCodec.decode(blobs.get(pair.getImage().getUri()));
  }

  @Test
  void shouldLocalizeTheAnnotatedBoxWithTheFindingsSignificance() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = abnormalPair(blobs);
    LesionAnnotation box = pair.getAnnotations().get(0);
    var found = new GroundTruthLocalizer(RadiologyLexicon.standard(), blobs, OptionalDouble.empty())
        .localize(new LocalizationRequest(pair, image(blobs, pair), Deadline.none())).orElseThrow();
    assertThat(found.heatmap().get(box.getX() + 1, box.getY() + 1)).isEqualTo(1f);
    assertThat(found.heatmap().get(0, 0)).isEqualTo(0f);
    assertThat(found.confidence()).isEqualTo(RadiologyLexicon.standard().finding(box.getLabel()).orElseThrow().significance());
    ImageReportPair normal = pair;
    normal.setAnnotations(List.of());
    assertThat(new GroundTruthLocalizer(RadiologyLexicon.standard(), blobs, OptionalDouble.of(0.9))
        .localize(new LocalizationRequest(normal, image(blobs, pair), Deadline.none()))).isEmpty();
  }

  @Test
  void shouldFindTheSyntheticLesionByContrast() {
    BlobStore blobs = new LocalBlobStore(dir);
    int hits = 0;
    int tried = 0;
    SyntheticPairs synthetic = new SyntheticPairs(blobs, 256, 3);
    for (int i = 0; tried < 12; i++) {
      ImageReportPair pair = synthetic.pair(i);
      if (pair.getAnnotations().isEmpty()) {
        continue;
      }
      tried++;
      LesionAnnotation box = pair.getAnnotations().get(0);
      var found = new ContrastLocalizer().localize(new LocalizationRequest(pair, image(blobs, pair), Deadline.none()))
          .orElseThrow();
      Mask mask = new MaskBuilder(15, MaskBuilder.Threshold.HALF_MAX, 0).build(found.heatmap(), 256, 256);
      long in = 0;
      long total = 0;
      for (int y = 0; y < 256; y++) {
        for (int x = 0; x < 256; x++) {
          if (mask.inside()[y * 256 + x]) {
            total++;
            boolean inBox = x >= box.getX() - 8 && x < box.getX() + box.getWidth() + 8
                && y >= box.getY() - 8 && y < box.getY() + box.getHeight() + 8;
            in += inBox ? 1 : 0;
          }
        }
      }
      hits += in > total / 2 ? 1 : 0;
      assertThat(found.confidence()).isBetween(0.01, 0.99);
    }
    assertThat(hits).as("lesions found by contrast").isGreaterThanOrEqualTo(9);
  }

  private VisualToolLocalizer visualTool() {
    return new VisualToolLocalizer(tool.uri("/localize"), "disease", new ResilientHttp("visual-tool", HTTP,
        new ResilientHttp.Policy(Duration.ofMillis(500), 2, Duration.ofMillis(5), 0)));
  }

  private static String reply(int w, int h, int n, double p) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < n; i++) {
      values.append(i == 0 ? "" : ",").append(i == 0 ? "1.0" : "0.0");
    }
    return "{\"heatmap\":{\"width\":" + w + ",\"height\":" + h + ",\"values\":[" + values + "]},"
        + "\"probability\":" + p + ",\"label\":\"pleural effusion\"}";
  }

  @Test
  void shouldAskTheVisualToolAndUseItsHeatmapAndProbability() throws Exception {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = abnormalPair(blobs);
    tool.then(ok(reply(2, 2, 4, 0.87)));
    Localization found = visualTool().localize(new LocalizationRequest(pair, image(blobs, pair),
        Deadline.in(Duration.ofSeconds(5)))).orElseThrow();
    assertThat(found.confidence()).isEqualTo(0.87);
    assertThat(found.finding()).isEqualTo("pleural effusion");
    assertThat(found.heatmap().width()).isEqualTo(2);
    var request = JsonReplies.body(tool.requests().get(0).body());
    assertThat(request.path("prompt").asText()).isEqualTo("disease");
    assertThat(request.path("width").asInt()).isEqualTo(128);
    GrayImage sent = PngCodec.decode(java.util.Base64.getDecoder().decode(request.path("image_png_base64").asText()));
    assertThat(sent).isEqualTo(image(blobs, pair));
  }

  @Test
  void shouldRetryMalformedAndFailingToolRepliesThenGiveUp() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = abnormalPair(blobs);
    tool.then(ok(reply(2, 2, 3, 0.5)), status(500, "{}"), ok(reply(2, 2, 4, 1.5)));
    assertThatThrownBy(() -> visualTool().localize(new LocalizationRequest(pair, image(blobs, pair),
        Deadline.in(Duration.ofSeconds(5)))))
        .isInstanceOf(ExternalCallException.class).extracting("reason").isEqualTo("visual-tool invalid reply");
    assertThat(tool.calls()).isEqualTo(3);
    tool.then(ok(reply(1, 1, 1, 0.5)).delayed(3000));
    assertThatThrownBy(() -> visualTool().localize(new LocalizationRequest(pair, image(blobs, pair),
        Deadline.in(Duration.ofSeconds(1)))))
        .isInstanceOf(ExternalCallException.class).extracting("reason").isEqualTo("visual-tool timeout");
  }

  @Test
  void shouldNoiseOnlyInsideTheMaskAndStoreBothImages() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = abnormalPair(blobs);
    ImageDispreference maker = new ImageDispreference(blobs,
        List.of(new GroundTruthLocalizer(RadiologyLexicon.standard(), blobs, OptionalDouble.empty()), new ContrastLocalizer()),
        new MaskBuilder(15, MaskBuilder.Threshold.HALF_MAX, 0.0001),
        new LesionNoiser(LesionNoiser.Mode.DIFFUSION, NoiseSchedule.povid(), 500));
    ImageDispreference.Result result = maker.make(pair, 42, Deadline.none());
    GrayImage original = image(blobs, pair);
    GrayImage noised = PngCodec.decode(blobs.get(result.noised().getUri()));
    GrayImage mask = PngCodec.decode(blobs.get(result.mask().getUri()));
    assertThat(result.localizer()).isEqualTo(GroundTruthLocalizer.NAME);
    assertThat(result.noiseStep()).isEqualTo(500);
    assertThat(result.noiseMode()).isEqualTo("diffusion");
    assertThat(mask.bits()).isEqualTo(8);
    assertThat(result.coverage()).isBetween(0.005, 0.2);
    int changedOutside = 0;
    int changedInside = 0;
    for (int i = 0; i < original.pixels().length; i++) {
      boolean differs = original.pixels()[i] != noised.pixels()[i];
      if (mask.pixels()[i] == 0) {
        changedOutside += differs ? 1 : 0;
      } else {
        changedInside += differs ? 1 : 0;
      }
    }
    assertThat(changedOutside).isZero();
    assertThat(changedInside).isPositive();
    assertThat(maker.make(pair, 42, Deadline.none()).noised()).isEqualTo(result.noised());
  }

  @Test
  void shouldRejectAPairWhoseImageIsMissing() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = abnormalPair(blobs);
    ImageReportPair missing = pair;
    missing.getImage().setUri(dir.resolve("00/00/" + "0".repeat(64)).toUri().toString());
    ImageDispreference maker = new ImageDispreference(blobs, List.of(new ContrastLocalizer()),
        new MaskBuilder(15, MaskBuilder.Threshold.HALF_MAX, 0), new LesionNoiser(LesionNoiser.Mode.REPLACE, NoiseSchedule.povid(), 1));
    assertThatThrownBy(() -> maker.make(missing, 1, Deadline.none()))
        .isInstanceOf(RejectedRecordException.class).extracting("reason").isEqualTo("image not found");
  }
}
