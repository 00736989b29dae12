package org.mmedpo.streams.lesion;

/** Mean filter over a (2r+1) x (2r+1) window with an integral image, edges clamped. */
final class BoxBlur {

  private BoxBlur() {}

  static float[] blur(float[] values, int w, int h, int r) {
    double[] integral = new double[(w + 1) * (h + 1)];
    for (int y = 0; y < h; y++) {
      double row = 0;
      for (int x = 0; x < w; x++) {
        row += values[y * w + x];
        integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
      }
    }
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      int y0 = Math.max(0, y - r);
      int y1 = Math.min(h, y + r + 1);
      for (int x = 0; x < w; x++) {
        int x0 = Math.max(0, x - r);
        int x1 = Math.min(w, x + r + 1);
        double s = integral[y1 * (w + 1) + x1] - integral[y0 * (w + 1) + x1]
            - integral[y1 * (w + 1) + x0] + integral[y0 * (w + 1) + x0];
        out[y * w + x] = (float) (s / ((y1 - y0) * (x1 - x0)));
      }
    }
    return out;
  }
}
