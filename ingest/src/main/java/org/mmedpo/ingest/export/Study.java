package org.mmedpo.ingest.export;

import java.util.List;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.events.VqaItem;

/**
 * One image of an export with its report and ground truth, as {@link ExportReader} reads it.
 *
 * @param studyId stable, non-PHI id: the study folder's name relative to the export root (with
 *     {@code /<file stem>} added when a folder holds several images)
 * @param image display-ready 16-bit MONOCHROME2 pixels after rescale, window and MONOCHROME1
 *     inversion: exactly what ingest stores in the blob
 * @param findings the FINDINGS section, scrubbed as ingest scrubs it
 * @param impression the IMPRESSION section, scrubbed
 * @param vqa the ground truth's Med-VQA items (empty without a sidecar)
 * @param annotations the ground truth's findings with boxes; {@code mask} is null
 */
public record Study(String studyId, GrayImage image, String findings, String impression,
    List<VqaItem> vqa, List<LesionAnnotation> annotations) {}
