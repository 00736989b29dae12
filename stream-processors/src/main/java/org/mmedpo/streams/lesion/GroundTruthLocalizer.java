package org.mmedpo.streams.lesion;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.radiology.ReportParser;

/**
 * The lesion region from the export's ground-truth annotations: 1 inside every annotated box (or
 * pixel mask, when the annotation has one), 0 outside. Applies only to pairs with annotations.
 *
 * <p>With ground truth the finding is certainly present, so the confidence cannot be a detector's
 * P(disease). By default it is the clinical significance of the most significant annotated finding
 * (lexicon, in [0, 1]): how much neglecting that lesion matters, which is what the weight should
 * carry; a fixed confidence can be configured instead.
 */
public final class GroundTruthLocalizer implements LesionLocalizer {

  /** Localizer name recorded in variants. */
  public static final String NAME = "ground-truth";
  /** Confidence of a label the lexicon does not know. */
  static final double UNKNOWN_LABEL_SIGNIFICANCE = 0.6;

  private final BlobStore blobs;
  private final ReportParser parser;
  private final RadiologyLexicon lexicon;
  private final OptionalDouble fixedConfidence;

  /**
   * @param fixedConfidence the confidence of every annotated lesion, or empty for the finding's
   *     clinical significance
   */
  public GroundTruthLocalizer(RadiologyLexicon lexicon, BlobStore blobs, OptionalDouble fixedConfidence) {
    this.lexicon = lexicon;
    this.parser = new ReportParser(lexicon);
    this.blobs = blobs;
    this.fixedConfidence = fixedConfidence;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Localization> localize(LocalizationRequest request) {
    List<LesionAnnotation> annotations = request.pair().getAnnotations();
    if (annotations == null || annotations.isEmpty()) {
      return Optional.empty();
    }
    GrayImage image = request.image();
    float[] map = new float[image.width() * image.height()];
    double confidence = 0;
    String finding = null;
    boolean any = false;
    for (LesionAnnotation a : annotations) {
      any |= a.getMask() != null ? paintMask(a, image, map) : paintBox(a, image, map);
      double c = significance(a.getLabel());
      if (finding == null || c > confidence) {
        confidence = c;
        finding = a.getLabel();
      }
    }
    if (!any) {
      return Optional.empty();
    }
    double conf = fixedConfidence.isPresent() ? fixedConfidence.getAsDouble() : confidence;
    return Optional.of(new Localization(new Heatmap(image.width(), image.height(), map), conf, finding, NAME));
  }

  private static boolean paintBox(LesionAnnotation a, GrayImage image, float[] map) {
    int x0 = Math.max(0, a.getX());
    int y0 = Math.max(0, a.getY());
    int x1 = Math.min(image.width(), a.getX() + a.getWidth());
    int y1 = Math.min(image.height(), a.getY() + a.getHeight());
    boolean any = false;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        map[y * image.width() + x] = 1f;
        any = true;
      }
    }
    return any;
  }

  private boolean paintMask(LesionAnnotation a, GrayImage image, float[] map) {
    GrayImage mask = PngCodec.decode(blobs.get(a.getMask().getUri()));
    float[] values = new float[mask.width() * mask.height()];
    for (int i = 0; i < values.length; i++) {
      values[i] = mask.pixels()[i] != 0 ? 1f : 0f;
    }
    Heatmap resized = new Heatmap(mask.width(), mask.height(), values).resize(image.width(), image.height());
    boolean any = false;
    for (int i = 0; i < map.length; i++) {
      if (resized.values()[i] >= 0.5f) {
        map[i] = 1f;
        any = true;
      }
    }
    return any;
  }

  private double significance(String label) {
    if (label == null) {
      return UNKNOWN_LABEL_SIGNIFICANCE;
    }
    return lexicon.finding(label.toLowerCase(java.util.Locale.ROOT))
        .map(f -> f.significance())
        .orElseGet(() -> parser.parse(label).mentions().stream()
            .mapToDouble(m -> m.finding().significance()).max().orElse(UNKNOWN_LABEL_SIGNIFICANCE));
  }
}
