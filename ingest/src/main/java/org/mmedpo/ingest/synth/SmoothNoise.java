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
    // Column cell indices and smoothstep weights are the same for every row: compute them once.
    int[] x0 = new int[size];
    float[] fx = new float[size];
    for (int x = 0; x < size; x++) {
      double gx = x * step;
      x0[x] = (int) gx;
      double f = gx - x0[x];
      fx[x] = (float) (f * f * (3 - 2 * f));
    }
    int stride = cells + 1;
    for (int y = 0; y < size; y++) {
      double gy = y * step;
      int y0 = (int) gy;
      double f = gy - y0;
      float fy = (float) (f * f * (3 - 2 * f));
      int row0 = y0 * stride;
      int row1 = row0 + stride;
      int base = y * size;
      for (int x = 0; x < size; x++) {
        int c = x0[x];
        float w = fx[x];
        float top = grid[row0 + c] + (grid[row0 + c + 1] - grid[row0 + c]) * w;
        float bottom = grid[row1 + c] + (grid[row1 + c + 1] - grid[row1 + c]) * w;
        out[base + x] = top + (bottom - top) * fy;
      }
    }
    return out;
  }
}
