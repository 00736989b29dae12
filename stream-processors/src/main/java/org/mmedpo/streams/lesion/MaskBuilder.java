package org.mmedpo.streams.lesion;

import org.mmedpo.streams.errors.RejectedRecordException;

/**
 * Turns a heatmap into a mask as the released MMedPO code does, resized to the image and
 * Gaussian-blurred with a square kernel (15 x 15 there; sigma from the kernel size by OpenCV's
 * rule, 0.3 ((k - 1) / 2 - 1) + 0.8, so 2.6 for 15), then thresholded:
 *
 * <ul>
 *   <li>{@link Threshold#HALF_MAX} (default): inside where the blurred value is at least halfway
 *       from the map's minimum to its maximum. A ground-truth box stays a box; a peaked map keeps
 *       its peak.
 *   <li>{@link Threshold#MEAN_MINUS_STD}: inside where the value exceeds mean - std of the map,
 *       the released code's rule. On flat maps it covers most of the image (about 84% for a
 *       normal distribution), which is why the variant records the coverage.
 * </ul>
 *
 * <p>Images wider than {@value #WORK_SIDE} pixels are blurred and thresholded on a block-averaged
 * map (sigma scaled by the same factor) and the mask is mapped back, which keeps the region and
 * saves most of the time.
 */
public final class MaskBuilder {

  /** Largest side of the map the blur and threshold run on; larger maps are block-averaged. */
  static final int WORK_SIDE = 256;

  /** Threshold rules. */
  public enum Threshold { HALF_MAX, MEAN_MINUS_STD }

  private final int kernel;
  private final Threshold threshold;
  private final double minCoverage;

  /**
   * @param kernel blur kernel size in pixels, odd (1 disables the blur)
   * @param minCoverage masks covering less than this fraction are refused
   */
  public MaskBuilder(int kernel, Threshold threshold, double minCoverage) {
    if (kernel < 1 || kernel % 2 == 0) {
      throw new IllegalArgumentException("kernel must be odd and positive: " + kernel);
    }
    this.kernel = kernel;
    this.threshold = threshold;
    this.minCoverage = minCoverage;
  }

  public Threshold threshold() {
    return threshold;
  }

  /**
   * The mask of {@code heatmap} on a {@code width} x {@code height} image.
   *
   * @throws RejectedRecordException when the heatmap is flat or the mask is empty
   */
  public Mask build(Heatmap heatmap, int width, int height) {
    // Blur and threshold at most WORK_SIDE pixels wide, with the kernel's sigma scaled to match,
    // then map the mask back: the same region as at full size, at a fraction of the cost (a
    // 15-tap blur of a 512 x 512 map takes tens of milliseconds).
    int factor = Math.max(1, (Math.max(width, height) + WORK_SIDE - 1) / WORK_SIDE);
    int w = Math.max(1, width / factor);
    int h = Math.max(1, height / factor);
    float[] v = factor == 1 ? heatmap.resize(width, height).values()
        : downsample(heatmap.resize(width, height).values(), width, height, factor, w, h);
    if (kernel > 1) {
      double sigma = sigmaFor(kernel) / factor;
      int k = factor == 1 ? kernel : Math.max(3, 2 * (int) Math.ceil(3 * sigma) + 1);
      v = gaussianBlur(v, w, h, k, sigma);
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    double sum = 0;
    double sq = 0;
    for (float f : v) {
      min = Math.min(min, f);
      max = Math.max(max, f);
      sum += f;
      sq += (double) f * f;
    }
    if (!(max > min)) {
      throw new RejectedRecordException("flat heatmap", "the lesion heatmap has no maximum to threshold");
    }
    double cut;
    boolean inclusive;
    if (threshold == Threshold.HALF_MAX) {
      cut = min + 0.5 * (max - min);
      inclusive = true;
    } else {
      double mean = sum / v.length;
      double std = Math.sqrt(Math.max(0, sq / v.length - mean * mean));
      cut = mean - std;
      inclusive = false;
    }
    boolean[] inside = new boolean[width * height];
    int count = 0;
    for (int y = 0; y < height; y++) {
      int sy = Math.min(h - 1, y / factor);
      for (int x = 0; x < width; x++) {
        float f = v[sy * w + Math.min(w - 1, x / factor)];
        boolean in = inclusive ? f >= cut : f > cut;
        inside[y * width + x] = in;
        count += in ? 1 : 0;
      }
    }
    double coverage = count / (double) inside.length;
    if (count == 0 || coverage < minCoverage) {
      throw new RejectedRecordException("empty mask", "the lesion mask covers " + coverage
          + " of the image, less than " + minCoverage);
    }
    return new Mask(width, height, inside, coverage);
  }

  /** Block means of {@code factor} x {@code factor} pixels. */
  private static float[] downsample(float[] v, int width, int height, int factor, int w, int h) {
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        int n = 0;
        for (int dy = 0; dy < factor && y * factor + dy < height; dy++) {
          int row = (y * factor + dy) * width;
          for (int dx = 0; dx < factor && x * factor + dx < width; dx++) {
            s += v[row + x * factor + dx];
            n++;
          }
        }
        out[y * w + x] = (float) (s / n);
      }
    }
    return out;
  }

  /** OpenCV's sigma for a kernel size when none is given. */
  static double sigmaFor(int kernel) {
    return 0.3 * ((kernel - 1) * 0.5 - 1) + 0.8;
  }

  static float[] gaussianBlur(float[] v, int w, int h, int kernel, double sigma) {
    int r = kernel / 2;
    double[] k = new double[kernel];
    double total = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
      total += k[i + r];
    }
    for (int i = 0; i < kernel; i++) {
      k[i] /= total;
    }
    float[] tmp = new float[v.length];
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int i = -r; i <= r; i++) {
          int xx = reflect(x + i, w);
          s += k[i + r] * v[row + xx];
        }
        tmp[row + x] = (float) s;
      }
    }
    float[] out = new float[v.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int i = -r; i <= r; i++) {
          int yy = reflect(y + i, h);
          s += k[i + r] * tmp[yy * w + x];
        }
        out[y * w + x] = (float) s;
      }
    }
    return out;
  }

  /** Border handling of OpenCV's default (reflect 101: ...dcb|abcd|cba...). */
  private static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    while (i < 0 || i >= n) {
      i = i < 0 ? -i : 2 * n - 2 - i;
    }
    return i;
  }
}
