package org.mmedpo.ingest.dicom;

/**
 * Guards against images too large to decode safely.
 *
 * @param maxDimension the largest accepted Rows or Columns, in pixels
 * @param maxPixels the largest accepted Rows x Columns
 */
public record PixelLimits(int maxDimension, long maxPixels) {

  /** 16k per side and 64 M pixels: the largest digital radiographs are about 4k x 4k. */
  public static final PixelLimits DEFAULT = new PixelLimits(16_384, 64L * 1024 * 1024);
}
