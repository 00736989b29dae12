package org.mmedpo.streams.lesion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmedpo.streams.errors.RejectedRecordException;

class MaskBuilderTest {

  private static Heatmap box(int size, int x0, int y0, int w, int h) {
    float[] v = new float[size * size];
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        v[y * size + x] = 1f;
      }
    }
    return new Heatmap(size, size, v);
  }

  @Test
  void shouldUseOpenCvsSigmaForTheReleasedKernel() {
    assertThat(MaskBuilder.sigmaFor(15)).isEqualTo(2.6, within(1e-12));
  }

  @Test
  void shouldKeepABoxABoxAtHalfMaximum() {
    Mask mask = new MaskBuilder(15, MaskBuilder.Threshold.HALF_MAX, 0.0).build(box(100, 20, 30, 40, 20), 100, 100);
    assertThat(mask.coverage()).isEqualTo(0.08, within(0.01));
    assertThat(mask.inside()[40 * 100 + 40]).isTrue();
    assertThat(mask.inside()[5 * 100 + 5]).isFalse();
  }

  @Test
  void shouldFindTheSameRegionOnLargeImagesThroughTheReducedMap() {
    Heatmap big = box(1024, 200, 300, 160, 80);
    Mask mask = new MaskBuilder(15, MaskBuilder.Threshold.HALF_MAX, 0.0).build(big, 1024, 1024);
    assertThat(mask.coverage()).isEqualTo(160.0 * 80 / (1024 * 1024), within(0.002));
    assertThat(mask.inside()[340 * 1024 + 280]).isTrue();
    assertThat(mask.inside()[100 * 1024 + 100]).isFalse();
    assertThat(mask.inside()[340 * 1024 + 380]).isFalse();
  }

  @Test
  void shouldCoverMoreWithTheReleasedMeanMinusStdThreshold() {
    float[] ramp = new float[100 * 100];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = (i % 100) / 100f;
    }
    Heatmap flatish = new Heatmap(100, 100, ramp);
    double strict = new MaskBuilder(15, MaskBuilder.Threshold.HALF_MAX, 0).build(flatish, 100, 100).coverage();
    double released = new MaskBuilder(15, MaskBuilder.Threshold.MEAN_MINUS_STD, 0).build(flatish, 100, 100).coverage();
    assertThat(strict).isEqualTo(0.5, within(0.02));
    // On a uniform ramp, mean - std = 0.5 - 0.289: about 79% of the image is above it.
    assertThat(released).isEqualTo(0.79, within(0.02));
  }

  @Test
  void shouldResizeASmallHeatmapToTheImage() {
    Mask mask = new MaskBuilder(1, MaskBuilder.Threshold.HALF_MAX, 0).build(box(4, 0, 0, 2, 2), 64, 64);
    assertThat(mask.width()).isEqualTo(64);
    assertThat(mask.inside()[0]).isTrue();
    assertThat(mask.inside()[63 * 64 + 63]).isFalse();
  }

  @Test
  void shouldRefuseAFlatHeatmap() {
    assertThatThrownBy(() -> new MaskBuilder(15, MaskBuilder.Threshold.HALF_MAX, 0)
        .build(new Heatmap(8, 8, new float[64]), 8, 8))
        .isInstanceOf(RejectedRecordException.class).extracting("reason").isEqualTo("flat heatmap");
  }
}
