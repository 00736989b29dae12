package org.mmedpo.streams.hallucination;

import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ItemType;
import org.mmedpo.streams.llm.Deadline;

/**
 * What a hallucinator needs to write a wrong version of one item.
 *
 * @param itemType REPORT, VQA_CLOSED or VQA_OPEN
 * @param prompt the question (VQA) or the report instruction
 * @param chosen the ground-truth text; for reports, {@code ReportText.compose(findings, impression)}
 * @param modality DICOM modality of the image (CR, DX, CT, MR, ...), or null
 * @param bodyPart DICOM body part (CHEST, HEAD, ...), or null
 * @param seed seed of every random choice, so the same request gives the same variant
 * @param deadline time left for external calls and model calls
 * @param image the pair's image, for hallucinators that look at it (target-model sampling); null
 *     when there is none
 */
public record HallucinationRequest(ItemType itemType, String prompt, String chosen, String modality,
    String bodyPart, long seed, Deadline deadline, ImageRef image) {

  /** A request without an image (text-only hallucinators). */
  public HallucinationRequest(ItemType itemType, String prompt, String chosen, String modality,
      String bodyPart, long seed, Deadline deadline) {
    this(itemType, prompt, chosen, modality, bodyPart, seed, deadline, null);
  }

  /** True when the study is a chest study. */
  public boolean isChest() {
    if (bodyPart != null && bodyPart.toUpperCase(java.util.Locale.ROOT).contains("CHEST")) {
      return true;
    }
    return bodyPart == null && modality != null && (modality.equals("CR") || modality.equals("DX"));
  }

  /** How the answer names the image: "chest X-ray", "CT scan", "MRI", or "image". */
  public String imageNoun() {
    if (modality == null) {
      return "image";
    }
    return switch (modality) {
      case "CR", "DX" -> isChest() ? "chest X-ray" : "radiograph";
      case "CT" -> "CT scan";
      case "MR" -> "MRI";
      case "US" -> "ultrasound";
      default -> "image";
    };
  }
}
