package org.mmedpo.ingest.synth;

import java.util.SplittableRandom;

/** Smooth random fields (value noise, bilinear), cheap stand-ins for texture and exposure drift. */
final class SmoothNoise {

  private SmoothNoise() {}

  /**
   * A {@code size} x {@code size} field in about [-1, 1], interpolated from a {@code cells} x
   * {@code cells} grid of random values.
   */
  static float[] field(int size, int cells, SplittableRandom rng) {
    float[] grid = new float[(cells + 1) * (cells + 1)];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    float[] out = new float[size * size];
    double step = (double) cells / size;
    for (int y = 0; y < size; y++) {
      double gy = y * step;
      int y0 = (int) gy;
      double fy = gy - y0;
      fy = fy * fy * (3 - 2 * fy);
      for (int x = 0; x < size; x++) {
        double gx = x * step;
        int x0 = (int) gx;
        double fx = gx - x0;
        fx = fx * fx * (3 - 2 * fx);
        int row0 = y0 * (cells + 1);
        int row1 = row0 + cells + 1;
        double top = grid[row0 + x0] * (1 - fx) + grid[row0 + x0 + 1] * fx;
        double bottom = grid[row1 + x0] * (1 - fx) + grid[row1 + x0 + 1] * fx;
        out[y * size + x] = (float) (top * (1 - fy) + bottom * fy);
      }
    }
    return out;
  }
}
