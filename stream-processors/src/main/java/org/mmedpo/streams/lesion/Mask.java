package org.mmedpo.streams.lesion;

import org.mmedpo.common.image.GrayImage;

/**
 * The region to noise.
 *
 * @param width columns
 * @param height rows
 * @param inside true for pixels inside, row-major
 * @param coverage fraction of pixels inside, in [0, 1]
 */
public record Mask(int width, int height, boolean[] inside, double coverage) {

  /** The mask as an 8-bit image: 255 inside, 0 outside. */
  public GrayImage toImage() {
    int[] pixels = new int[inside.length];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = inside[i] ? 255 : 0;
    }
    return new GrayImage(width, height, 8, pixels);
  }
}
