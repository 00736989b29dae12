package org.mmedpo.trainer.data;

import java.util.List;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.events.VqaItem;

/**
 * What the trainer needs of one study of a PACS export.
 *
 * @param studyId stable study identifier
 * @param image the radiograph
 * @param findings the FINDINGS section of the report
 * @param impression the IMPRESSION section of the report
 * @param vqa the study's Med-VQA items
 * @param annotations ground-truth findings with boxes (empty when the export has none)
 */
public record ExportStudy(String studyId, GrayImage image, String findings, String impression,
    List<VqaItem> vqa, List<LesionAnnotation> annotations) {

  /** A study without annotations. */
  public ExportStudy(String studyId, GrayImage image, String findings, String impression,
      List<VqaItem> vqa) {
    this(studyId, image, findings, impression, vqa, List.of());
  }
}
