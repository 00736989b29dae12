package org.mmedpo.streams.lesion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.common.text.ReportText;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.model.VlmSample;
import org.mmedpo.model.live.LiveModel;
import org.mmedpo.streams.bench.SyntheticPairs;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.testing.TinyModels;

class SaliencyLocalizerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final RadiologyLexicon LEXICON = RadiologyLexicon.standard();

  @TempDir Path dir;

  private static ImageReportPair abnormalPair(BlobStore blobs) {
    SyntheticPairs synthetic = new SyntheticPairs(blobs, TinyModels.IMAGE_SIZE, 11);
    for (int i = 0; ; i++) {
      ImageReportPair pair = synthetic.pair(i);
      if (!pair.getAnnotations().isEmpty()) {
        return pair;
      }
    }
  }

  private static LocalizationRequest request(BlobStore blobs, ImageReportPair pair) {
    GrayImage image = PngCodec.decode(blobs.get(pair.getImage().getUri()));
    return new LocalizationRequest(pair, image, Deadline.in(Duration.ofSeconds(30)));
  }

  @Test
  void shouldCoverThePixelsWhoseChangeMovesTheModelsBeliefInTheFindingMost() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = abnormalPair(blobs);
    ModelVersion v1 = TinyModels.publish(blobs, "v1", ModelKind.BASE, 1, T0);
    try (LiveModel live = TinyModels.serving(blobs, LiveModel.Follow.LATEST, v1)) {
      SaliencyLocalizer localizer = new SaliencyLocalizer(live, LEXICON, ReportText.PROMPT);
      LocalizationRequest request = request(blobs, pair);
      Localization found = localizer.localize(request).orElseThrow();
      SaliencyLocalizer.Target target = localizer.target(pair).orElseThrow();
      assertThat(found.localizer()).isEqualTo("saliency:v1");
      assertThat(found.finding()).isEqualTo(target.finding().name());
      assertThat(target.text()).contains(target.finding().name());

      // The image is at the model's input size, so the heatmap is pixel for pixel the model's.
      float[] heat = found.heatmap().values();
      int n = heat.length;
      int[] order = IntStream.range(0, n).boxed()
          .sorted(Comparator.comparingDouble((Integer i) -> -heat[i])).mapToInt(i -> i).toArray();
      int k = n / 16;
      int[] high = java.util.Arrays.copyOfRange(order, 0, k);
      int[] low = java.util.Arrays.copyOfRange(order, n - k, n);
      double[] moved = live.withModel(m -> {
        float[] input = m.prepare(request.image());
        double base = logp(m, input, target);
        double byHigh = 0;
        double byLow = 0;
        for (int r = 0; r < 6; r++) {
          byHigh += Math.abs(logp(m, perturbed(input, high, r), target) - base);
          byLow += Math.abs(logp(m, perturbed(input, low, r), target) - base);
        }
        return new double[] {byHigh, byLow};
      });
      // Noise on the most salient sixteenth moves log pi(finding | image) far more than on the least.
      assertThat(moved[0]).isGreaterThan(3 * moved[1]);
    }
  }

  private static double logp(org.mmedpo.model.MedVlm m, float[] input, SaliencyLocalizer.Target t) {
    return m.logProbs(List.of(new VlmSample(input, t.prompt(), t.text())))[0];
  }

  private static float[] perturbed(float[] input, int[] where, long seed) {
    float[] out = input.clone();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i : where) {
      out[i] += (float) (random.nextBoolean() ? 0.2 : -0.2);
    }
    return out;
  }

  @Test
  void shouldDependOnTheModelAndGiveAMaskWithinCoverageLimitsAndTheModelsPresenceProbability() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = abnormalPair(blobs);
    LocalizationRequest request = request(blobs, pair);
    ModelVersion v1 = TinyModels.publish(blobs, "v1", ModelKind.BASE, 1, T0);
    ModelVersion v2 = TinyModels.publish(blobs, "v2", ModelKind.ALIGNED, 2, T0.plusSeconds(1));
    try (LiveModel live = TinyModels.serving(blobs, LiveModel.Follow.LATEST, v1)) {
      SaliencyLocalizer localizer = new SaliencyLocalizer(live, LEXICON, ReportText.PROMPT);
      Localization byV1 = localizer.localize(request).orElseThrow();
      SaliencyLocalizer.Target target = localizer.target(pair).orElseThrow();
      double expected = live.withModel(m -> {
        float[] input = m.prepare(request.image());
        String q = SaliencyLocalizer.question(target.finding());
        double[] lp = m.logProbs(List.of(new VlmSample(input, q, "yes"), new VlmSample(input, q, "no")));
        return Math.exp(lp[0]) / (Math.exp(lp[0]) + Math.exp(lp[1]));
      });
      assertThat(byV1.confidence()).isCloseTo(expected, within(1e-9));

      Mask mask = new MaskBuilder(15, MaskBuilder.Threshold.HALF_MAX, 0.001)
          .build(byV1.heatmap(), request.image().width(), request.image().height());
      assertThat(mask.coverage()).isBetween(0.001, 0.6);

      assertThat(live.offer(v2)).isTrue();
      Localization byV2 = localizer.localize(request).orElseThrow();
      assertThat(byV2.localizer()).isEqualTo("saliency:v2");
      assertThat(byV2.heatmap().values()).isNotEqualTo(byV1.heatmap().values());
    }
  }

  @Test
  void shouldBeUnavailableWithoutAModelVersionSoTheNextLocalizerIsAsked() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = abnormalPair(blobs);
    try (LiveModel none = TinyModels.serving(blobs, LiveModel.Follow.LATEST, null)) {
      SaliencyLocalizer localizer = new SaliencyLocalizer(none, LEXICON, ReportText.PROMPT);
      assertThat(localizer.unavailable()).contains("no model version is published yet");
      assertThat(localizer.localize(request(blobs, pair))).isEmpty();
    }
  }

  @Test
  void shouldTakeTheSentenceOfTheMostSignificantPresentFinding() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = abnormalPair(blobs);
    try (LiveModel none = TinyModels.serving(blobs, LiveModel.Follow.LATEST, null)) {
      SaliencyLocalizer.Target target = new SaliencyLocalizer(none, LEXICON, ReportText.PROMPT)
          .target(pair).orElseThrow();
      String label = pair.getAnnotations().get(0).getLabel();
      assertThat(target.finding().name()).isEqualTo(label);
      assertThat(target.prompt()).isEqualTo(ReportText.PROMPT);
      assertThat(target.text()).startsWith("There is").contains(label).doesNotContain("heart");
    }
  }
}
