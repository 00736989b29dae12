package org.mmedpo.dashboard.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;

/**
 * Makes stored images displayable. Radiographs are stored as 16-bit grey, which browsers show
 * badly or not at all; the page gets 8-bit grey windowed as the ImageRef says (DICOM-style window
 * centre and width in stored-value units), and lesion masks become a transparent overlay that
 * outlines the masked region.
 */
public final class DisplayImages {

  /** Colour of the mask outline: an orange-red that stands out on grey (0xRRGGBB). */
  public static final int OUTLINE_RGB = 0xFF4D2E;

  private DisplayImages() {}

  /** {@code image} windowed to 8 bits, as PNG bytes. */
  public static byte[] windowedPng(GrayImage image, Double center, Double width) {
    return PngCodec.encode(window(image, center, width));
  }

  /**
   * Maps stored values linearly to 0..255: [center - width/2, center + width/2] spans the grey
   * range, values outside clip. Without a usable window, 16-bit images stretch their own min..max
   * and 8-bit images stay as they are.
   */
  public static GrayImage window(GrayImage image, Double center, Double width) {
    double lo;
    double hi;
    if (center != null && width != null && Double.isFinite(center) && Double.isFinite(width)
        && width > 0) {
      lo = center - width / 2;
      hi = center + width / 2;
    } else if (image.bits() == 8) {
      lo = 0;
      hi = 255;
    } else {
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (int v : image.pixels()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      lo = min;
      hi = max == min ? min + 1 : max;
    }
    int[] source = image.pixels();
    int[] out = new int[source.length];
    double scale = 255.0 / (hi - lo);
    for (int i = 0; i < source.length; i++) {
      long v = Math.round((source[i] - lo) * scale);
      out[i] = (int) Math.max(0, Math.min(255, v));
    }
    return new GrayImage(image.width(), image.height(), 8, out);
  }

  /**
   * A transparent RGBA PNG the size of {@code mask} whose only opaque pixels form a band along
   * the boundary of the masked region (samples &gt; 0), drawn in {@link #OUTLINE_RGB}. Layered over
   * the image, it shows where the lesion noise went without hiding the pixels inside.
   */
  public static byte[] outlinePng(GrayImage mask) {
    boolean[] band = outline(mask, thickness(mask));
    BufferedImage overlay = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_INT_ARGB);
    int argb = 0xFF000000 | OUTLINE_RGB;
    for (int y = 0; y < mask.height(); y++) {
      for (int x = 0; x < mask.width(); x++) {
        if (band[y * mask.width() + x]) {
          overlay.setRGB(x, y, argb);
        }
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(overlay, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  /** Band width in pixels: about 1/256 of the longer side, so it stays visible when scaled down. */
  static int thickness(GrayImage mask) {
    return Math.max(1, Math.round(Math.max(mask.width(), mask.height()) / 256f));
  }

  /**
   * The boundary of the masked region, {@code thickness} pixels wide, inside the region: a masked
   * pixel is on the boundary when a 4-neighbour is unmasked or outside the image.
   */
  static boolean[] outline(GrayImage mask, int thickness) {
    int w = mask.width();
    int h = mask.height();
    boolean[] band = new boolean[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (!inside(mask, x, y)) {
          continue;
        }
        boolean edge = !inside(mask, x - 1, y) || !inside(mask, x + 1, y)
            || !inside(mask, x, y - 1) || !inside(mask, x, y + 1);
        if (!edge) {
          continue;
        }
        for (int dy = -(thickness - 1); dy <= thickness - 1; dy++) {
          for (int dx = -(thickness - 1); dx <= thickness - 1; dx++) {
            if (inside(mask, x + dx, y + dy)) {
              band[(y + dy) * w + x + dx] = true;
            }
          }
        }
      }
    }
    return band;
  }

  private static boolean inside(GrayImage mask, int x, int y) {
    return x >= 0 && y >= 0 && x < mask.width() && y < mask.height() && mask.get(x, y) > 0;
  }
}
