package org.mmedpo.dashboard.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mmedpo.dashboard.display.ReportDiff;
import org.mmedpo.dashboard.view.PipelineView.OperationView;
import org.mmedpo.dashboard.view.PipelineView.SampleEntry;
import org.mmedpo.dashboard.view.PipelineView.VariantInfo;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.SampleProvenance;

/**
 * What the sample browser shows of one preference pair: both texts split into changed and
 * unchanged runs, the operations that made the rejected text, the variant's facts, and links to
 * the images (never the blob URIs themselves).
 */
record SampleDetails(String sampleId, String kind, String itemType, String prompt, Double weight,
    Double rawScore, String weightScheme, long createdAt, Provenance provenance, Side chosen,
    Side rejected, boolean sameImage, boolean diffed, List<OperationView> operations,
    Variant variant) {

  /** One side of the pair: the text as segments, the image link and image facts. */
  record Side(List<ReportDiff.Segment> text, String image, String mask, Integer width, Integer height,
      Double windowCenter, Double windowWidth) {}

  /** Where the sample came from. */
  record Provenance(String source, String pairId, String variantId, String scoreId,
      String studyPseudonym) {}

  /** Facts of the dispreferred variant, when the dashboard read it. */
  record Variant(String variantId, String kind, String generator, String generatorVersion,
      String localizer, Integer noiseStep, String noiseMode, Double maskCoverage,
      Double visualConfidence, boolean hasMask) {}

  static SampleDetails of(SampleEntry entry) {
    PreferenceSample s = entry.sample();
    VariantInfo v = entry.variant();
    String base = "/api/samples/" + URLEncoder.encode(s.getSampleId(), StandardCharsets.UTF_8)
        .replace("+", "%20");
    ReportDiff.Result diff = ReportDiff.diff(s.getChosenText(), s.getRejectedText());
    ImageRef chosenImage = s.getChosenImage();
    ImageRef rejectedImage = s.getRejectedImage();
    boolean hasMask = v != null && v.lesionMask() != null;
    SampleProvenance p = s.getProvenance();
    return new SampleDetails(s.getSampleId(), s.getKind().name(), s.getItemType().name(),
        s.getPrompt(), finite(s.getWeight()), finite(s.getRawScore()), s.getWeightScheme().name(),
        s.getCreatedAt().toEpochMilli(),
        new Provenance(p.getSource(), p.getPairId(), p.getVariantId(), p.getScoreId(), p.getStudyPseudonym()),
        side(diff.chosen(), chosenImage, base + "/chosen.png", null),
        side(diff.rejected(), rejectedImage, base + "/rejected.png", hasMask ? base + "/mask.png" : null),
        chosenImage != null && rejectedImage != null
            && chosenImage.getSha256().equals(rejectedImage.getSha256()),
        diff.compared(),
        v == null ? List.of() : v.operations(),
        v == null ? null : new Variant(v.variantId(), v.kind(), v.generator(), v.generatorVersion(),
            v.localizer(), v.noiseStep(), v.noiseMode(), v.maskCoverage(), v.visualConfidence(), hasMask));
  }

  private static Side side(List<ReportDiff.Segment> text, ImageRef image, String link, String mask) {
    if (image == null) {
      return new Side(text, null, null, null, null, null, null);
    }
    return new Side(text, link, mask, image.getWidth(), image.getHeight(), image.getWindowCenter(),
        image.getWindowWidth());
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
