package org.mmedpo.streams.lesion;

/**
 * A lesion heatmap: one non-negative value per pixel, higher where the lesion more likely is.
 * Units are the localizer's own; only the ordering and relative size of values matter.
 *
 * @param width columns
 * @param height rows
 * @param values width * height values in row-major order
 */
public record Heatmap(int width, int height, float[] values) {

  public Heatmap {
    if (width <= 0 || height <= 0 || values.length != width * height) {
      throw new IllegalArgumentException("heatmap of " + width + "x" + height + " needs "
          + (long) width * height + " values, got " + values.length);
    }
  }

  public float get(int x, int y) {
    return values[y * width + x];
  }

  /** This heatmap resampled to {@code w} x {@code h} by bilinear interpolation. */
  public Heatmap resize(int w, int h) {
    if (w == width && h == height) {
      return this;
    }
    float[] out = new float[w * h];
    double sx = (double) width / w;
    double sy = (double) height / h;
    for (int y = 0; y < h; y++) {
      double fy = Math.max(0, (y + 0.5) * sy - 0.5);
      int y0 = Math.min((int) fy, height - 1);
      int y1 = Math.min(y0 + 1, height - 1);
      double ty = fy - y0;
      for (int x = 0; x < w; x++) {
        double fx = Math.max(0, (x + 0.5) * sx - 0.5);
        int x0 = Math.min((int) fx, width - 1);
        int x1 = Math.min(x0 + 1, width - 1);
        double tx = fx - x0;
        double top = get(x0, y0) * (1 - tx) + get(x1, y0) * tx;
        double bottom = get(x0, y1) * (1 - tx) + get(x1, y1) * tx;
        out[y * w + x] = (float) (top * (1 - ty) + bottom * ty);
      }
    }
    return new Heatmap(w, h, out);
  }
}
