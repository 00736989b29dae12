package org.mmedpo.trainer.data;

import java.util.List;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.events.VqaItem;

/**
 * What the trainer needs of one study of a PACS export.
 *
 * @param studyId stable study identifier
 * @param image the radiograph
 * @param findings the FINDINGS section of the report
 * @param impression the IMPRESSION section of the report
 * @param vqa the study's Med-VQA items
 */
public record ExportStudy(String studyId, GrayImage image, String findings, String impression,
    List<VqaItem> vqa) {}
