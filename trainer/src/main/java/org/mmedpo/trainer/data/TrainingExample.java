package org.mmedpo.trainer.data;

import org.mmedpo.common.image.GrayImage;
import org.mmedpo.events.ItemType;

/**
 * One ground-truth (image, prompt, response) example for the SFT warm start and evaluation.
 *
 * @param exampleId unique id, {@code <studyId>/report} or {@code <studyId>/<itemId>}
 * @param studyId the study, which decides the split
 * @param image the radiograph
 * @param prompt the question or report instruction
 * @param response the ground-truth answer or report
 * @param type REPORT, VQA_CLOSED or VQA_OPEN
 */
public record TrainingExample(String exampleId, String studyId, GrayImage image, String prompt,
    String response, ItemType type) {}
