package org.mmedpo.streams.lesion;

import java.util.Optional;

/**
 * Finds the lesion region of an image: a heatmap and the confidence that the finding is present
 * (MMedPO uses MedKLIP's heatmap and its P(disease)). Thread-safe.
 *
 * <p>Implemented by {@link GroundTruthLocalizer} (the export's annotations),
 * {@link VisualToolLocalizer} (an external MedKLIP-style HTTP service), {@link SaliencyLocalizer}
 * (the current model's saliency for the report's finding tokens) and {@link ContrastLocalizer} (a
 * model-free fallback).
 */
public interface LesionLocalizer {

  /** Name recorded in the variant's {@code localizer}. */
  String name();

  /**
   * The lesion region of {@code request}'s image, or empty when this localizer does not apply
   * (e.g. no annotation), so that the next localizer of the chain is asked.
   *
   * @throws org.mmedpo.streams.llm.ExternalCallException when an external tool fails
   */
  Optional<Localization> localize(LocalizationRequest request);

  /**
   * Why this localizer cannot answer any request right now (e.g. the saliency localizer before a
   * model version is published), or empty when it can. The image variant records the reason when
   * a later localizer found the region instead, so a fallback is never silent.
   */
  default Optional<String> unavailable() {
    return Optional.empty();
  }
}
