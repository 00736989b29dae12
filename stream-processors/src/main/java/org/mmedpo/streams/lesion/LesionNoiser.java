package org.mmedpo.streams.lesion;

import java.util.SplittableRandom;
import org.mmedpo.common.image.GrayImage;

/**
 * Destroys the lesion region of an image, inside the mask only.
 *
 * <ul>
 *   <li>{@link Mode#DIFFUSION} (the paper): pixels are normalized to [-1, 1] (x' = 2 x / max - 1,
 *       the range diffusion models are trained on, so that sqrt(abar_k) shrinks the signal
 *       towards mid-grey), then x_k = sqrt(abar_k) x' + sqrt(1 - abar_k) eps with eps ~ N(0, 1)
 *       per pixel, mapped back and clamped to [0, max].
 *   <li>{@link Mode#REPLACE} (the released code): every pixel inside is replaced by N(0, 10) noise
 *       on the 8-bit scale, i.e. N(0, 10/255 max) here, clamped at 0: nearly black.
 * </ul>
 *
 * <p>Noise comes from a {@link SplittableRandom} seeded per variant, so a variant is reproducible
 * and threads do not contend (Java 17's {@code ThreadLocalRandom.nextGaussian} is several times
 * slower).
 */
public final class LesionNoiser {

  /** Noise modes. */
  public enum Mode {
    DIFFUSION("diffusion"), REPLACE("replace");

    private final String wireName;

    Mode(String wireName) {
      this.wireName = wireName;
    }

    /** The value recorded in {@code DispreferredVariant.noiseMode}. */
    public String wireName() {
      return wireName;
    }
  }

  private final Mode mode;
  private final NoiseSchedule schedule;
  private final int step;

  /** @param step the diffusion step k, in 1..T (unused in replace mode) */
  public LesionNoiser(Mode mode, NoiseSchedule schedule, int step) {
    if (mode == Mode.DIFFUSION) {
      schedule.alphaBar(step);
    }
    this.mode = mode;
    this.schedule = schedule;
    this.step = step;
  }

  public Mode mode() {
    return mode;
  }

  public int step() {
    return step;
  }

  /** A noised copy of {@code image}; pixels outside {@code mask} are unchanged. */
  public GrayImage apply(GrayImage image, Mask mask, long seed) {
    if (mask.width() != image.width() || mask.height() != image.height()) {
      throw new IllegalArgumentException("mask " + mask.width() + "x" + mask.height()
          + " does not fit image " + image.width() + "x" + image.height());
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int[] in = image.pixels();
    int[] out = in.clone();
    boolean[] inside = mask.inside();
    double max = image.maxValue();
    if (mode == Mode.DIFFUSION) {
      double abar = schedule.alphaBar(step);
      double signal = Math.sqrt(abar);
      double noise = Math.sqrt(1 - abar);
      for (int i = 0; i < out.length; i++) {
        if (inside[i]) {
          double x = 2 * in[i] / max - 1;
          double xk = signal * x + noise * rng.nextGaussian();
          out[i] = clamp((int) Math.round((xk + 1) / 2 * max), image.maxValue());
        }
      }
    } else {
      double sd = 10.0 / 255.0 * max;
      for (int i = 0; i < out.length; i++) {
        if (inside[i]) {
          out[i] = clamp((int) Math.round(rng.nextGaussian() * sd), image.maxValue());
        }
      }
    }
    return new GrayImage(image.width(), image.height(), image.bits(), out);
  }

  private static int clamp(int v, int max) {
    return v < 0 ? 0 : Math.min(v, max);
  }
}
