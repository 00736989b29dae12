package org.mmedpo.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.ClinicalScore;
import org.mmedpo.events.ConsensusRound;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.IngestProvenance;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.Judgement;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.Operation;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.SampleProvenance;
import org.mmedpo.events.ScoreMethod;
import org.mmedpo.events.TrainingMetrics;
import org.mmedpo.events.WeightScheme;

/**
 * Realistic pipeline events for the dashboard's tests: a synthetic 16-bit chest radiograph with a
 * lesion, its lesion mask and lesion-noised copy stored as real PNG blobs; text and image variants
 * with operations; judge and visual-confidence scores; weighted preference samples; training
 * metrics; model versions with evaluation; dead letters.
 */
public final class PipelineEvents {

  public static final int SIZE = 256;
  /** Stored values span 12 bits, as many DICOM radiographs do; the window shows them all. */
  public static final double WINDOW_CENTER = 2048;
  public static final double WINDOW_WIDTH = 4096;

  public static final String CHOSEN_REPORT = "The heart is normal in size. There is a small right pleural "
      + "effusion. No pneumothorax. The lungs are otherwise clear.";
  public static final String HALLUCINATED_REPORT = "The heart is normal in size. There is a small left "
      + "pleural effusion. Small right pneumothorax. The lungs are otherwise clear.";

  private final BlobStore blobs;
  private final ImageRef image;
  private final ImageRef mask;
  private final ImageRef noised;
  private final double maskCoverage;
  private final Instant start = Instant.now().minusSeconds(600);

  public PipelineEvents(BlobStore blobs) {
    this.blobs = blobs;
    GrayImage radiograph = radiograph();
    GrayImage lesion = lesionMask();
    this.image = store(radiograph, true);
    this.mask = store(lesion, false);
    this.noised = store(noised(radiograph, lesion, 42L), true);
    long inside = java.util.Arrays.stream(lesion.pixels()).filter(v -> v > 0).count();
    this.maskCoverage = inside / (double) lesion.pixels().length;
  }

  /** Share of the image the lesion mask covers, as the variants report it. */
  public double maskCoverage() {
    return maskCoverage;
  }

  public ImageRef image() {
    return image;
  }

  public ImageRef mask() {
    return mask;
  }

  public ImageRef noised() {
    return noised;
  }

  private ImageRef store(GrayImage picture, boolean radiograph) {
    StoredBlob blob = blobs.put(PngCodec.encode(picture), "image/png");
    return ImageRef.newBuilder().setUri(blob.uri()).setSha256(blob.sha256()).setMediaType("image/png")
        .setWidth(picture.width()).setHeight(picture.height()).setBitsStored(radiograph ? 12 : 8)
        .setPhotometricInterpretation("MONOCHROME2").setModality(radiograph ? "DX" : null)
        .setWindowCenter(radiograph ? WINDOW_CENTER : null)
        .setWindowWidth(radiograph ? WINDOW_WIDTH : null).build();
  }

  /** A chest-like picture: a bright body, two darker lungs with ribs, a bright lesion lower right. */
  public static GrayImage radiograph() {
    GrayImage picture = GrayImage.blank(SIZE, SIZE, 16);
    SplittableRandom random = new SplittableRandom(7);
    double c = SIZE / 2.0;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double v = 300;
        if (ellipse(x, y, c, c + 10, SIZE * 0.44, SIZE * 0.46)) {
          v = 2600;
        }
        boolean lung = ellipse(x, y, c - SIZE * 0.2, c, SIZE * 0.15, SIZE * 0.3)
            || ellipse(x, y, c + SIZE * 0.2, c, SIZE * 0.15, SIZE * 0.3);
        if (lung) {
          v = 1100 + 500 * Math.max(0, Math.sin(y / 9.0)) ;
        }
        if (ellipse(x, y, c + SIZE * 0.04, c + SIZE * 0.12, SIZE * 0.1, SIZE * 0.12)) {
          v = Math.max(v, 2900); // heart
        }
        if (ellipse(x, y, lesionX(), lesionY(), SIZE * 0.06, SIZE * 0.05)) {
          v = 3300; // the lesion
        }
        picture.set(x, y, (int) Math.max(0, Math.min(4095, v + random.nextGaussian() * 60)));
      }
    }
    return picture;
  }

  private static double lesionX() {
    return SIZE / 2.0 - SIZE * 0.2;
  }

  private static double lesionY() {
    return SIZE / 2.0 + SIZE * 0.12;
  }

  /** An 8-bit mask (255 inside) a little larger than the lesion, as a localizer would give. */
  public static GrayImage lesionMask() {
    GrayImage mask = GrayImage.blank(SIZE, SIZE, 8);
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        if (ellipse(x, y, lesionX(), lesionY(), SIZE * 0.1, SIZE * 0.085)) {
          mask.set(x, y, 255);
        }
      }
    }
    return mask;
  }

  /** Forward-diffusion noise inside the mask (abar = 0.3): x' = sqrt(abar) x + sqrt(1 - abar) eps. */
  public static GrayImage noised(GrayImage picture, GrayImage mask, long seed) {
    GrayImage out = picture.copy();
    SplittableRandom random = new SplittableRandom(seed);
    double abar = 0.3;
    for (int i = 0; i < out.pixels().length; i++) {
      if (mask.pixels()[i] > 0) {
        double eps = 2048 + random.nextGaussian() * 1200;
        double v = Math.sqrt(abar) * out.pixels()[i] + Math.sqrt(1 - abar) * eps;
        out.pixels()[i] = (int) Math.max(0, Math.min(4095, v));
      }
    }
    return out;
  }

  private static boolean ellipse(int x, int y, double cx, double cy, double rx, double ry) {
    double dx = (x - cx) / rx;
    double dy = (y - cy) / ry;
    return dx * dx + dy * dy <= 1;
  }

  /** The ingested image-report pair {@code i}, as ingest publishes it. */
  public ImageReportPair ingested(int i) {
    return ImageReportPair.newBuilder().setPairId("pair-" + i).setStudyPseudonym("study-" + (1000 + i))
        .setPatientPseudonym("patient-" + (500 + i)).setModality("DX").setBodyPart("CHEST").setView("PA")
        .setImage(image).setFindings(CHOSEN_REPORT).setImpression("Small right pleural effusion.")
        .setVqa(List.of()).setAnnotations(List.of())
        .setProvenance(IngestProvenance.newBuilder().setExportId("export-1")
            .setSourceName("s" + i + "/IM0001.dcm").setSourceSha256(image.getSha256())
            .setPairingRule("StudyInstanceUID").setIngestor("mmedpo-ingest/test")
            .setDeidentification("mmedpo-basic-v1").build())
        .setIngestedAt(start.plusSeconds(i)).build();
  }

  /** One pair's events: a text variant and an image variant, their scores and samples. */
  public record PairEvents(List<DispreferredVariant> variants, List<ClinicalScore> scores,
      List<PreferenceSample> samples) {}

  public PairEvents pair(int i) {
    String pairId = "pair-" + i;
    String study = "study-" + (1000 + i);
    Instant at = start.plusSeconds(i);
    DispreferredVariant text = DispreferredVariant.newBuilder()
        .setVariantId(pairId + "-text").setPairId(pairId).setStudyPseudonym(study).setItemId("report")
        .setItemType(ItemType.REPORT).setKind(DispreferenceKind.TEXT_HALLUCINATION)
        .setRejectedText(HALLUCINATED_REPORT).setGenerator("clinical-rules").setGeneratorVersion("1.0")
        .setOperations(List.of(
            Operation.newBuilder().setName("swap_laterality").setFinding("pleural effusion")
                .setBefore("right").setAfter("left").build(),
            Operation.newBuilder().setName("negate").setFinding("pneumothorax")
                .setBefore("No pneumothorax").setAfter("Small right pneumothorax").build()))
        .setCreatedAt(at).build();
    DispreferredVariant lesion = DispreferredVariant.newBuilder()
        .setVariantId(pairId + "-lesion").setPairId(pairId).setStudyPseudonym(study).setItemId("report")
        .setItemType(ItemType.REPORT).setKind(DispreferenceKind.LESION_NEGLECT)
        .setRejectedImage(noised).setGenerator("lesion-noise").setGeneratorVersion("1.0")
        .setOperations(List.of()).setLesionMask(mask).setLocalizer("saliency")
        .setNoiseStep(500).setNoiseMode("diffusion").setMaskCoverage(maskCoverage).setVisualConfidence(0.83)
        .setCreatedAt(at).build();
    double textScore = Math.round(10 * (0.5 + 0.45 * Math.abs(Math.sin(i * 1.7)))) / 10.0;
    double imageScore = 0.6 + 0.35 * Math.abs(Math.cos(i * 0.9));
    ClinicalScore textScored = score(text, textScore, ScoreMethod.JUDGE_CONSENSUS, at);
    ClinicalScore imageScored = score(lesion, imageScore, ScoreMethod.VISUAL_CONFIDENCE, at);
    PreferenceSample textSample = sample(pairId + "-text-sample", text, textScored, HALLUCINATED_REPORT,
        image, image, weight(textScore), at);
    PreferenceSample imageSample = sample(pairId + "-lesion-sample", lesion, imageScored, CHOSEN_REPORT,
        image, noised, weight(imageScore), at);
    return new PairEvents(List.of(text, lesion), List.of(textScored, imageScored),
        List.of(textSample, imageSample));
  }

  /** The paper's normalization with a fixed mean 0.75 and sd 0.15: w = clip(1 + sqrt(0.1) z). */
  private static double weight(double score) {
    return Math.max(0.75, Math.min(1.25, 1 + Math.sqrt(0.1) * (score - 0.75) / 0.15));
  }

  private static ClinicalScore score(DispreferredVariant variant, double raw, ScoreMethod method,
      Instant at) {
    List<ConsensusRound> rounds = method == ScoreMethod.JUDGE_CONSENSUS
        ? List.of(new ConsensusRound(1, List.of(new Judgement("med-judge-a", raw, true, "wrong side"),
            new Judgement("med-judge-b", raw, true, "agrees"))))
        : List.of();
    return ClinicalScore.newBuilder().setScoreId(variant.getVariantId() + "-score")
        .setVariantId(variant.getVariantId()).setPairId(variant.getPairId())
        .setStudyPseudonym(variant.getStudyPseudonym()).setKind(variant.getKind()).setMethod(method)
        .setRounds(rounds).setConsensusReached(true).setRawScore(raw).setCreatedAt(at).build();
  }

  private static PreferenceSample sample(String id, DispreferredVariant variant, ClinicalScore score,
      String rejectedText, ImageRef chosen, ImageRef rejected, double weight, Instant at) {
    return PreferenceSample.newBuilder().setSampleId(id).setKind(variant.getKind())
        .setItemType(ItemType.REPORT).setPrompt("Describe the findings of this chest radiograph.")
        .setChosenText(CHOSEN_REPORT).setChosenImage(chosen).setRejectedText(rejectedText)
        .setRejectedImage(rejected).setRawScore(score.getRawScore()).setWeight(weight)
        .setWeightScheme(WeightScheme.PAPER)
        .setProvenance(SampleProvenance.newBuilder().setSource("streams").setPairId(variant.getPairId())
            .setVariantId(variant.getVariantId()).setScoreId(score.getScoreId())
            .setStudyPseudonym(variant.getStudyPseudonym()).build())
        .setCreatedAt(at).build();
  }

  /** Steps {@code from..to} of run {@code runId}: loss falls, margins and accuracy rise. */
  public List<TrainingMetrics> metrics(String runId, int from, int to) {
    List<TrainingMetrics> points = new ArrayList<>();
    for (int step = from; step <= to; step++) {
      double progress = 1 - Math.exp(-step / 40.0);
      double wobble = 0.03 * Math.sin(step * 1.3);
      double margin = 0.9 * progress + wobble;
      points.add(TrainingMetrics.newBuilder().setRunId(runId).setStep(step)
          .setModelVersion("v" + (step / 50)).setSamplesSeen(step * 8L).setBatchSize(8)
          .setTextSamples(4).setImageSamples(4).setLoss(0.693 - 0.35 * progress + wobble)
          .setRewardsChosen(margin / 2).setRewardsRejected(-margin / 2).setRewardsMargins(margin)
          .setRewardsAccuracies(Math.min(1, 0.5 + 0.45 * progress + wobble))
          .setWeightedMargin(margin * 1.02).setLogpsChosen(-40 + 3 * progress)
          .setLogpsRejected(-42 - 6 * progress).setGradNorm(0.8).setLearningRate(5e-5)
          .setWeightMean(1.0).setWeightMin(0.8).setWeightMax(1.2).setSamplesPerSecond(12.5)
          .setConsumerLag(100 - Math.min(100, step)).setTimestamp(start.plusSeconds(step)).build());
    }
    return points;
  }

  /** Version {@code n}: v0 is the SFT base, later ones aligned from the one before. */
  public ModelVersion version(int n) {
    Map<String, Double> evaluation = Map.of("closed_accuracy", 0.52 + 0.03 * n,
        "open_recall", 0.31 + 0.02 * n, "bleu", 0.08 + 0.01 * n, "rouge_l", 0.21 + 0.015 * n,
        "meteor", 0.18 + 0.012 * n);
    return ModelVersion.newBuilder().setVersion("v" + n).setParent(n == 0 ? null : "v" + (n - 1))
        .setModelName("mmedpo-cxr-tiny").setKind(n == 0 ? ModelKind.BASE : ModelKind.ALIGNED)
        .setBlobUri(image.getUri()).setSha256(image.getSha256()).setSizeBytes(1_234_567)
        .setSamplesSeen(n * 400L).setSteps(n * 50L).setMetrics(Map.of("loss", 0.69 - 0.05 * n))
        .setEvaluation(evaluation).setRecipe(Map.of("beta", "0.1"))
        .setCreatedAt(start.plusSeconds(60L * n)).build();
  }

  public static DeadLetter letter(String stage, String reason, String file) {
    return DeadLetter.newBuilder().setStage(stage).setReason(reason).setDetail("test input")
        .setErrorClass("java.lang.IllegalArgumentException").setSourceFile(file)
        .setOccurredAt(Instant.now()).build();
  }
}
