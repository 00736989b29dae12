package org.mmedpo.ingest.dicom;

import org.mmedpo.common.image.GrayImage;

/**
 * The display-ready pixels of an image, as ingest stores them: 16-bit MONOCHROME2 (higher =
 * brighter) after the modality rescale, the VOI window and MONOCHROME1 inversion.
 *
 * @param image the 16-bit pixels
 * @param sourceBitsStored Bits Stored of the source
 * @param sourcePhotometric the source's photometric interpretation
 * @param windowApplied how the grey range was chosen: "window" (the file's window centre/width) or
 *     "min-max" (the file had none)
 */
public record DisplayImage(GrayImage image, int sourceBitsStored, String sourcePhotometric,
    String windowApplied) {}
