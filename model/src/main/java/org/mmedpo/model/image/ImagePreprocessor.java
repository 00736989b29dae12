package org.mmedpo.model.image;

import org.mmedpo.common.image.GrayImage;

/**
 * Resizes a grey image to the model's square input by area averaging (every source pixel counts,
 * so small lesions are not skipped as nearest-neighbour sampling would) and standardizes it to
 * zero mean and unit variance per image, which removes exposure differences between sources.
 */
public final class ImagePreprocessor {

  private final int size;

  public ImagePreprocessor(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive: " + size);
    }
    this.size = size;
  }

  public int size() {
    return size;
  }

  /** The model input of {@code image}: {@code size * size} floats, row-major. */
  public float[] apply(GrayImage image) {
    int w = image.width();
    int h = image.height();
    int[] px = image.pixels();
    double scale = 1.0 / image.maxValue();
    float[] out = new float[size * size];
    for (int oy = 0; oy < size; oy++) {
      int y0 = (int) ((long) oy * h / size);
      int y1 = Math.max(y0 + 1, (int) ((long) (oy + 1) * h / size));
      for (int ox = 0; ox < size; ox++) {
        int x0 = (int) ((long) ox * w / size);
        int x1 = Math.max(x0 + 1, (int) ((long) (ox + 1) * w / size));
        long sum = 0;
        for (int y = y0; y < y1; y++) {
          int row = y * w;
          for (int x = x0; x < x1; x++) {
            sum += px[row + x];
          }
        }
        out[oy * size + ox] = (float) (sum * scale / ((long) (y1 - y0) * (x1 - x0)));
      }
    }
    double mean = 0;
    for (float v : out) {
      mean += v;
    }
    mean /= out.length;
    double var = 0;
    for (float v : out) {
      var += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(var / out.length) + 1e-3;
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((out[i] - mean) / std);
    }
    return out;
  }
}
