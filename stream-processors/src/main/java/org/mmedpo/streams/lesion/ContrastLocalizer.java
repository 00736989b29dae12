package org.mmedpo.streams.lesion;

import java.util.Optional;
import org.mmedpo.common.image.GrayImage;

/**
 * A model-free fallback for pairs without annotations: the most conspicuous asymmetric blob of
 * the image, bright or dark. The blob response is the scale-normalized determinant of the Hessian
 * at three scales (edges of normal anatomy respond little to it), weighted by the local left-right
 * difference of the image (lesions are mostly on one side, anatomy on both; a lesion's mirror
 * image is normal tissue and has no blob). Computed on a copy at most {@value #WORK_SIZE} pixels
 * wide. Its confidence is a logistic of how far the
 * strongest response stands above the map's mean, in standard deviations: 0.5 at {@value
 * #MIDPOINT_Z} sigma. It finds bright or dark blobs, not diseases: the last resort after the
 * annotations and the model's saliency.
 */
public final class ContrastLocalizer implements LesionLocalizer {

  /** Localizer name recorded in variants. */
  public static final String NAME = "contrast";
  static final int WORK_SIZE = 256;
  static final double MIDPOINT_Z = 4.0;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Localization> localize(LocalizationRequest request) {
    GrayImage image = request.image();
    int scale = Math.max(1, (Math.max(image.width(), image.height()) + WORK_SIZE - 1) / WORK_SIZE);
    int w = Math.max(1, image.width() / scale);
    int h = Math.max(1, image.height() / scale);
    float[] small = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double sum = 0;
        int n = 0;
        for (int dy = 0; dy < scale && y * scale + dy < image.height(); dy++) {
          for (int dx = 0; dx < scale && x * scale + dx < image.width(); dx++) {
            sum += image.get(x * scale + dx, y * scale + dy);
            n++;
          }
        }
        small[y * w + x] = (float) (sum / n / image.maxValue());
      }
    }
    // Blob response: the determinant of the Hessian of the smoothed image, scale-normalized and
    // taken at its best scale. Blobs (bright or dark) have two large curvatures; edges have one
    // and so give almost nothing, which keeps anatomy borders out of the map.
    float[] response = new float[w * h];
    for (int radius : new int[] {Math.max(2, Math.min(w, h) / 24), Math.max(3, Math.min(w, h) / 16),
        Math.max(4, Math.min(w, h) / 10)}) {
      float[] smooth = BoxBlur.blur(BoxBlur.blur(small, w, h, radius / 2), w, h, radius / 2);
      int d = Math.max(1, radius / 2);
      double norm = (double) d * d * d * d;
      for (int y = d; y < h - d; y++) {
        for (int x = d; x < w - d; x++) {
          int i = y * w + x;
          double lxx = smooth[i - d] - 2 * smooth[i] + smooth[i + d];
          double lyy = smooth[i - d * w] - 2 * smooth[i] + smooth[i + d * w];
          double lxy = (smooth[i - d * w - d] + smooth[i + d * w + d] - smooth[i - d * w + d] - smooth[i + d * w - d]) / 4;
          double det = (lxx * lyy - lxy * lxy) / norm * (radius * (double) radius * radius * radius);
          response[i] = (float) Math.max(response[i], Math.max(0, det));
        }
      }
    }
    int radius = Math.max(2, Math.min(w, h) / 12);
    // Weight by left-right asymmetry: a lesion is usually on one side, normal anatomy on both.
    float[] mirrored = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        mirrored[y * w + x] = Math.abs(small[y * w + x] - small[y * w + (w - 1 - x)]);
      }
    }
    float[] asymmetry = BoxBlur.blur(mirrored, w, h, Math.max(1, radius / 3));
    for (int i = 0; i < response.length; i++) {
      response[i] *= asymmetry[i];
    }
    // Ignore the border, where the blur sees the image edge as structure.
    int margin = Math.max(1, radius / 2);
    double sum = 0;
    double sq = 0;
    double max = 0;
    int n = 0;
    for (int y = margin; y < h - margin; y++) {
      for (int x = margin; x < w - margin; x++) {
        double v = response[y * w + x];
        sum += v;
        sq += v * v;
        max = Math.max(max, v);
        n++;
      }
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (y < margin || y >= h - margin || x < margin || x >= w - margin) {
          response[y * w + x] = 0;
        }
      }
    }
    if (n == 0) {
      return Optional.empty();
    }
    double mean = sum / n;
    double std = Math.sqrt(Math.max(0, sq / n - mean * mean));
    if (std == 0 || max == 0) {
      return Optional.empty();
    }
    double z = (max - mean) / std;
    double confidence = Math.min(0.99, Math.max(0.01, 1 / (1 + Math.exp(-(z - MIDPOINT_Z)))));
    return Optional.of(new Localization(new Heatmap(w, h, response), confidence, "conspicuous region", NAME));
  }
}
