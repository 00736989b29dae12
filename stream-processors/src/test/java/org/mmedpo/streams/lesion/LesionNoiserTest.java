package org.mmedpo.streams.lesion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mmedpo.common.image.GrayImage;

class LesionNoiserTest {

  private static GrayImage flat(int size, int value) {
    int[] px = new int[size * size];
    Arrays.fill(px, value);
    return new GrayImage(size, size, 16, px);
  }

  private static Mask leftHalf(int size) {
    boolean[] inside = new boolean[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size / 2; x++) {
        inside[y * size + x] = true;
      }
    }
    return new Mask(size, size, inside, 0.5);
  }

  @Test
  void shouldLeavePixelsOutsideTheMaskUntouched() {
    GrayImage image = flat(64, 40000);
    GrayImage noised = new LesionNoiser(LesionNoiser.Mode.DIFFUSION, NoiseSchedule.povid(), 500)
        .apply(image, leftHalf(64), 1);
    for (int y = 0; y < 64; y++) {
      for (int x = 32; x < 64; x++) {
        assertThat(noised.get(x, y)).isEqualTo(40000);
      }
    }
    assertThat(noised.get(0, 0)).isNotEqualTo(40000);
  }

  @Test
  void shouldShrinkTowardsMidGreyAndAddUnitGaussianNoiseInNormalizedUnits() {
    int size = 256;
    GrayImage image = flat(size, 39321); // x' = 2 * 39321 / 65535 - 1 = 0.2
    NoiseSchedule schedule = NoiseSchedule.povid();
    GrayImage noised = new LesionNoiser(LesionNoiser.Mode.DIFFUSION, schedule, 500).apply(image, leftHalf(size), 7);
    double abar = schedule.alphaBar(500);
    double sum = 0;
    double sq = 0;
    int n = 0;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size / 2; x++) {
        double v = 2.0 * noised.get(x, y) / 65535 - 1;
        sum += v;
        sq += v * v;
        n++;
      }
    }
    double mean = sum / n;
    double var = sq / n - mean * mean;
    // Clamping at +1 trims a little of the upper tail, so the tolerances are loose but tell the
    // paper's formula from, say, adding noise without shrinking the signal.
    assertThat(mean).isEqualTo(Math.sqrt(abar) * 0.2, within(0.02));
    assertThat(var).isEqualTo(1 - abar, within(0.03));
  }

  @Test
  void shouldBeReproduciblePerSeed() {
    LesionNoiser noiser = new LesionNoiser(LesionNoiser.Mode.DIFFUSION, NoiseSchedule.povid(), 500);
    GrayImage image = flat(32, 30000);
    assertThat(noiser.apply(image, leftHalf(32), 5)).isEqualTo(noiser.apply(image, leftHalf(32), 5));
    assertThat(noiser.apply(image, leftHalf(32), 5)).isNotEqualTo(noiser.apply(image, leftHalf(32), 6));
  }

  @Test
  void shouldReplaceMaskedPixelsWithNearBlackNoiseInReplaceMode() {
    GrayImage noised = new LesionNoiser(LesionNoiser.Mode.REPLACE, NoiseSchedule.povid(), 500)
        .apply(flat(128, 50000), leftHalf(128), 3);
    double mean = 0;
    int max = 0;
    for (int y = 0; y < 128; y++) {
      for (int x = 0; x < 64; x++) {
        mean += noised.get(x, y);
        max = Math.max(max, noised.get(x, y));
      }
    }
    mean /= 128 * 64;
    // |N(0, sd)| clamped at 0 has mean sd / sqrt(2 pi), sd = 10/255 of full scale.
    assertThat(mean).isEqualTo(10.0 / 255 * 65535 / Math.sqrt(2 * Math.PI), within(60.0));
    assertThat(max).isLessThan(65535 / 6);
  }
}
