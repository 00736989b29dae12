package org.mmedpo.streams.lesion;

import java.util.Optional;

/**
 * Finds the lesion region of an image: a heatmap and the confidence that the finding is present
 * (MMedPO uses MedKLIP's heatmap and its P(disease)). Thread-safe.
 *
 * <p>Implemented by {@link GroundTruthLocalizer} (the export's annotations),
 * {@link VisualToolLocalizer} (an external MedKLIP-style HTTP service) and
 * {@link ContrastLocalizer} (a model-free fallback). A saliency localizer from the current
 * model's image encoder, for the report's finding tokens, implements this interface once the model
 * module is available.
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
}
