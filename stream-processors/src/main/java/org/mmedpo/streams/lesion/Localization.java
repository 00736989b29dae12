package org.mmedpo.streams.lesion;

/**
 * Where a localizer thinks the lesion is, and how sure it is that there is one.
 *
 * @param heatmap the lesion heatmap (any size; resized to the image)
 * @param confidence probability-like confidence that the finding is present, in [0, 1]; the visual
 *     samples' clinical score
 * @param finding what was localized (a finding label, or "disease")
 * @param localizer which localizer produced it
 */
public record Localization(Heatmap heatmap, double confidence, String finding, String localizer) {

  public Localization {
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence outside [0, 1]: " + confidence);
    }
  }
}
