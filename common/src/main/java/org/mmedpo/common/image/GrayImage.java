package org.mmedpo.common.image;

import java.util.Arrays;

/**
 * A single-channel image of unsigned samples in row-major order, higher = brighter
 * (MONOCHROME2). Radiographs use 16 bits (0..65535), masks 8 bits (0 outside, 255 inside).
 *
 * @param width columns
 * @param height rows
 * @param bits 8 or 16: the sample depth, and so the PNG bit depth
 * @param pixels width * height samples, each in [0, 2^bits)
 */
public record GrayImage(int width, int height, int bits, int[] pixels) {

  public GrayImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    if (bits != 8 && bits != 16) {
      throw new IllegalArgumentException("bits must be 8 or 16, not " + bits);
    }
    if (pixels.length != width * height) {
      throw new IllegalArgumentException("expected " + width * height + " pixels, got " + pixels.length);
    }
  }

  /** A black image. */
  public static GrayImage blank(int width, int height, int bits) {
    return new GrayImage(width, height, bits, new int[width * height]);
  }

  /** The largest sample value: 255 or 65535. */
  public int maxValue() {
    return (1 << bits) - 1;
  }

  public int get(int x, int y) {
    return pixels[y * width + x];
  }

  public void set(int x, int y, int value) {
    pixels[y * width + x] = value;
  }

  /** A deep copy. */
  public GrayImage copy() {
    return new GrayImage(width, height, bits, pixels.clone());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GrayImage o && width == o.width && height == o.height && bits == o.bits
        && Arrays.equals(pixels, o.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * width + height) + bits) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "GrayImage[" + width + "x" + height + ", " + bits + " bits]";
  }
}
