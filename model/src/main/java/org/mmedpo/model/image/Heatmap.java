package org.mmedpo.model.image;

/**
 * A saliency map: one value in [0, 1] per pixel, row-major, higher = more important to the
 * model's belief in the finding text.
 *
 * @param width columns
 * @param height rows
 * @param values width * height values in [0, 1]
 */
public record Heatmap(int width, int height, float[] values) {

  public Heatmap {
    if (values.length != width * height) {
      throw new IllegalArgumentException("expected " + width * height + " values");
    }
  }

  public float get(int x, int y) {
    return values[y * width + x];
  }

  /** This map bilinearly resized to {@code w x h} (e.g. back to the radiograph's 512x512). */
  public Heatmap resize(int w, int h) {
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      double sy = Math.min(height - 1.0, Math.max(0.0, (y + 0.5) * height / h - 0.5));
      int y0 = (int) sy;
      int y1 = Math.min(height - 1, y0 + 1);
      double fy = sy - y0;
      for (int x = 0; x < w; x++) {
        double sx = Math.min(width - 1.0, Math.max(0.0, (x + 0.5) * width / w - 0.5));
        int x0 = (int) sx;
        int x1 = Math.min(width - 1, x0 + 1);
        double fx = sx - x0;
        double top = get(x0, y0) * (1 - fx) + get(x1, y0) * fx;
        double bottom = get(x0, y1) * (1 - fx) + get(x1, y1) * fx;
        out[y * w + x] = (float) (top * (1 - fy) + bottom * fy);
      }
    }
    return new Heatmap(w, h, out);
  }

  /** Rescales {@code raw} non-negative values to [0, 1] by their maximum (all zero stays zero). */
  public static Heatmap normalized(int width, int height, float[] raw) {
    float max = 0;
    for (float v : raw) {
      max = Math.max(max, v);
    }
    float[] out = new float[raw.length];
    if (max > 0) {
      for (int i = 0; i < raw.length; i++) {
        out[i] = Math.max(0, raw[i]) / max;
      }
    }
    return new Heatmap(width, height, out);
  }
}
