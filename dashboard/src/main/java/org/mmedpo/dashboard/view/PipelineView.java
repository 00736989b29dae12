package org.mmedpo.dashboard.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mmedpo.events.ClinicalScore;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.Operation;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.TrainingMetrics;
import org.mmedpo.schemas.EventContract;

/**
 * Everything the dashboard learned from the events it read: the mix of dispreference kinds, dead
 * letters by reason, raw scores and weights, training curves per run, the model versions and the
 * latest preference samples with their variants. Bounded: old values, points, samples and
 * variants fall out. Thread-safe; the feed writes while the web server reads.
 */
public final class PipelineView {

  /** Distinct dead-letter reasons counted separately; more are counted as {@link #OTHER_REASONS}. */
  static final int MAX_REASONS = 40;
  static final String OTHER_REASONS = "(other reasons)";
  /** Variants kept to find the operations and lesion mask of a later preference sample. */
  static final int VARIANTS_KEPT = 20_000;
  /** Training runs whose curves are kept; the least recently updated falls out. */
  static final int RUNS_KEPT = 8;
  /** Points per run sent to the page; longer curves are thinned evenly. */
  static final int CURVE_POINTS_SENT = 300;
  /** Sample summaries sent to the page. */
  static final int SAMPLES_LISTED = 60;
  /** Latest dead letters listed on the page. */
  static final int LETTERS_LISTED = 15;
  static final int HISTOGRAM_BINS = 20;

  private final int samplesKept;
  private final int curvePointsKept;

  private final Map<EventContract, Long> read = new EnumMap<>(EventContract.class);
  private final Map<String, Long> undecodable = new TreeMap<>();
  private final Map<DispreferenceKind, Long> variantKinds = new EnumMap<>(DispreferenceKind.class);
  private final Map<DispreferenceKind, Long> sampleKinds = new EnumMap<>(DispreferenceKind.class);
  private final Map<String, Long> lettersByReason = new LinkedHashMap<>();
  private final Map<String, Long> lettersByStage = new TreeMap<>();
  private final Deque<LetterSummary> latestLetters = new ArrayDeque<>();
  private long letters;
  private final RecentValues rawScores;
  private final RecentValues weights;
  private final LinkedHashMap<String, Deque<CurvePoint>> runs = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, ModelVersion> versions = new LinkedHashMap<>();
  private final LinkedHashMap<String, VariantInfo> variants = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, VariantInfo> eldest) {
      return size() > VARIANTS_KEPT;
    }
  };
  private final Deque<PreferenceSample> samples = new ArrayDeque<>();
  private long version;

  public PipelineView(int samplesKept, int valuesKept, int curvePointsKept) {
    this.samplesKept = samplesKept;
    this.curvePointsKept = curvePointsKept;
    this.rawScores = new RecentValues(valuesKept);
    this.weights = new RecentValues(valuesKept);
  }

  /**
   * Takes in one decoded event of {@code contract}; a null value is a tombstone (a model version
   * deleted from the compacted topic under {@code key}).
   */
  public synchronized void accept(EventContract contract, String key, Object value) {
    read.merge(contract, 1L, Long::sum);
    version++;
    if (value == null) {
      if (contract == EventContract.MODEL_VERSIONS && key != null) {
        versions.remove(key);
      }
      return;
    }
    switch (contract) {
      case VARIANTS -> variant((DispreferredVariant) value);
      case SCORES -> {
        ClinicalScore score = (ClinicalScore) value;
        rawScores.add(score.getRawScore(), score.getKind().name());
      }
      case PREFERENCES -> sample((PreferenceSample) value);
      case MODEL_VERSIONS -> {
        ModelVersion model = (ModelVersion) value;
        versions.put(key != null ? key : model.getVersion(), model);
      }
      case TRAINER_METRICS -> point((TrainingMetrics) value);
      case DLQ -> letter((DeadLetter) value);
      default -> {
        // pairs are counted from the cluster's end offsets; nothing more is shown of them
      }
    }
  }

  /** Counts a record of {@code topic} that could not be decoded; the page shows the count. */
  public synchronized void undecodable(String topic) {
    undecodable.merge(topic, 1L, Long::sum);
    version++;
  }

  /** Increases with every change, so a pusher can tell whether there is anything new. */
  public synchronized long version() {
    return version;
  }

  /** The latest sample with this id and its variant, when still kept. */
  public synchronized Optional<SampleEntry> sample(String sampleId) {
    for (PreferenceSample sample : samples) {
      if (sample.getSampleId().equals(sampleId)) {
        String variantId = sample.getProvenance().getVariantId();
        return Optional.of(new SampleEntry(sample,
            variantId == null ? null : variants.get(variantId)));
      }
    }
    return Optional.empty();
  }

  private void variant(DispreferredVariant variant) {
    variantKinds.merge(variant.getKind(), 1L, Long::sum);
    List<OperationView> operations = new ArrayList<>();
    for (Operation op : variant.getOperations()) {
      operations.add(new OperationView(op.getName(), op.getFinding(), op.getBefore(), op.getAfter()));
    }
    variants.put(variant.getVariantId(), new VariantInfo(variant.getVariantId(), variant.getKind().name(),
        variant.getGenerator(), variant.getGeneratorVersion(), List.copyOf(operations),
        variant.getLesionMask(), variant.getRejectedImage(), variant.getLocalizer(),
        variant.getNoiseStep(), variant.getNoiseMode(), variant.getMaskCoverage(),
        variant.getVisualConfidence()));
  }

  private void sample(PreferenceSample sample) {
    sampleKinds.merge(sample.getKind(), 1L, Long::sum);
    weights.add(sample.getWeight(), sample.getKind().name());
    samples.addLast(sample);
    while (samples.size() > samplesKept) {
      samples.removeFirst();
    }
  }

  private void point(TrainingMetrics m) {
    Deque<CurvePoint> curve = runs.computeIfAbsent(m.getRunId(), id -> new ArrayDeque<>());
    curve.addLast(new CurvePoint(m.getStep(), finite(m.getLoss()), finite(m.getRewardsMargins()),
        finite(m.getRewardsAccuracies()), finite(m.getWeightedMargin()), m.getSamplesSeen(),
        m.getTimestamp().toEpochMilli()));
    while (curve.size() > curvePointsKept) {
      curve.removeFirst();
    }
    while (runs.size() > RUNS_KEPT) {
      Iterator<String> eldest = runs.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  private void letter(DeadLetter letter) {
    letters++;
    String reason = letter.getReason();
    if (!lettersByReason.containsKey(reason) && lettersByReason.size() >= MAX_REASONS) {
      reason = OTHER_REASONS;
    }
    lettersByReason.merge(reason, 1L, Long::sum);
    lettersByStage.merge(letter.getStage(), 1L, Long::sum);
    latestLetters.addFirst(new LetterSummary(letter.getStage(), letter.getReason(),
        letter.getDetail(), letter.getSourceTopic(), letter.getSourceFile(),
        letter.getOccurredAt().toEpochMilli()));
    while (latestLetters.size() > LETTERS_LISTED) {
      latestLetters.removeLast();
    }
  }

  /** Everything the page draws from events, ready to serialize. */
  public synchronized Snapshot snapshot() {
    Map<String, Long> readByTopic = new TreeMap<>();
    read.forEach((contract, count) -> readByTopic.put(contract.defaultName(), count));

    List<Count> reasons = new ArrayList<>();
    lettersByReason.forEach((reason, count) -> reasons.add(new Count(reason, count)));
    reasons.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::name));
    List<Count> stages = new ArrayList<>();
    lettersByStage.forEach((stage, count) -> stages.add(new Count(stage, count)));

    List<Run> curves = new ArrayList<>();
    runs.forEach((runId, points) -> curves.add(
        new Run(runId, points.size(), points.getLast(), Curve.of(thin(points)))));
    curves.sort(Comparator.comparingLong((Run r) -> r.latest().timestamp()));

    List<VersionSummary> models = versions.values().stream()
        .sorted(Comparator.comparing(ModelVersion::getCreatedAt).thenComparing(ModelVersion::getVersion))
        .map(m -> new VersionSummary(m.getVersion(), m.getParent(), m.getModelName(),
            m.getKind().name(), m.getSteps(), m.getSamplesSeen(), m.getCreatedAt().toEpochMilli(),
            new TreeMap<>(m.getEvaluation()), new TreeMap<>(m.getMetrics())))
        .toList();

    List<SampleSummary> listed = new ArrayList<>();
    Iterator<PreferenceSample> newest = samples.descendingIterator();
    while (newest.hasNext() && listed.size() < SAMPLES_LISTED) {
      PreferenceSample s = newest.next();
      listed.add(new SampleSummary(s.getSampleId(), s.getKind().name(), s.getItemType().name(),
          finite(s.getWeight()), finite(s.getRawScore()), s.getCreatedAt().toEpochMilli(),
          abbreviate(s.getPrompt(), 90), s.getChosenImage() != null || s.getRejectedImage() != null));
    }

    return new Snapshot(readByTopic, new TreeMap<>(undecodable), kinds(variantKinds),
        kinds(sampleKinds), new DeadLetters(letters, reasons, stages, List.copyOf(latestLetters)),
        rawScores.histogram(HISTOGRAM_BINS, 0.0, 1.0),
        weights.histogram(HISTOGRAM_BINS, 0.75, 1.25), curves, models, listed);
  }

  private static Map<String, Long> kinds(Map<DispreferenceKind, Long> counts) {
    Map<String, Long> named = new LinkedHashMap<>();
    counts.forEach((kind, count) -> named.put(kind.name(), count));
    return named;
  }

  private static List<CurvePoint> thin(Deque<CurvePoint> points) {
    List<CurvePoint> all = new ArrayList<>(points);
    if (all.size() <= CURVE_POINTS_SENT) {
      return all;
    }
    List<CurvePoint> thinned = new ArrayList<>(CURVE_POINTS_SENT);
    double stride = (all.size() - 1) / (double) (CURVE_POINTS_SENT - 1);
    for (int i = 0; i < CURVE_POINTS_SENT; i++) {
      thinned.add(all.get((int) Math.round(i * stride)));
    }
    return thinned;
  }

  static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  static String abbreviate(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }

  /** A name with a count. */
  public record Count(String name, long count) {}

  /** One dead letter as listed on the page (never the original bytes). */
  public record LetterSummary(String stage, String reason, String detail, String sourceTopic,
      String sourceFile, long occurredAt) {}

  /** Dead letters read: total, by reason (most frequent first), by stage, and the latest. */
  public record DeadLetters(long total, List<Count> byReason, List<Count> byStage,
      List<LetterSummary> latest) {}

  /**
   * One step of a training run; null where the trainer reported a non-finite value.
   *
   * @param timestamp epoch milliseconds
   */
  public record CurvePoint(long step, Double loss, Double rewardsMargins, Double rewardsAccuracies,
      Double weightedMargin, long samplesSeen, long timestamp) {}

  /**
   * A training run: {@code kept} points held, the latest one in full, and the curve thinned for
   * the page.
   */
  public record Run(String runId, int kept, CurvePoint latest, Curve curve) {}

  /**
   * A curve as columns (one entry per point, in step order), values rounded to 6 significant
   * digits: a chart cannot show more, and columns keep the pushed JSON small.
   */
  public record Curve(List<Long> step, List<Double> loss, List<Double> rewardsMargins,
      List<Double> rewardsAccuracies, List<Double> weightedMargin) {

    static Curve of(List<CurvePoint> points) {
      List<Long> steps = new ArrayList<>(points.size());
      List<Double> loss = new ArrayList<>(points.size());
      List<Double> margins = new ArrayList<>(points.size());
      List<Double> accuracies = new ArrayList<>(points.size());
      List<Double> weighted = new ArrayList<>(points.size());
      for (CurvePoint p : points) {
        steps.add(p.step());
        loss.add(round(p.loss()));
        margins.add(round(p.rewardsMargins()));
        accuracies.add(round(p.rewardsAccuracies()));
        weighted.add(round(p.weightedMargin()));
      }
      return new Curve(steps, loss, margins, accuracies, weighted);
    }

    /** Rounds to 6 significant digits; dividing by an exact power of ten keeps the print short. */
    static Double round(Double value) {
      if (value == null || value == 0) {
        return value;
      }
      int decimals = 5 - (int) Math.floor(Math.log10(Math.abs(value)));
      if (decimals > 22) {
        return value;
      }
      if (decimals >= 0) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
      }
      double scale = Math.pow(10, -decimals);
      return Math.round(value / scale) * scale;
    }
  }

  /** A model version with its evaluation metrics; createdAt in epoch milliseconds. */
  public record VersionSummary(String version, String parent, String modelName, String kind,
      long steps, long samplesSeen, long createdAt, Map<String, Double> evaluation,
      Map<String, Double> metrics) {}

  /** A preference sample as listed in the sample browser; createdAt in epoch milliseconds. */
  public record SampleSummary(String sampleId, String kind, String itemType, Double weight,
      Double rawScore, long createdAt, String prompt, boolean hasImages) {}

  /** An operation that turned the chosen report into the rejected one. */
  public record OperationView(String name, String finding, String before, String after) {}

  /** What the sample browser needs of a dispreferred variant. */
  public record VariantInfo(String variantId, String kind, String generator, String generatorVersion,
      List<OperationView> operations, ImageRef lesionMask, ImageRef rejectedImage, String localizer,
      Integer noiseStep, String noiseMode, Double maskCoverage, Double visualConfidence) {}

  /** A kept preference sample and its variant (null when the variant was not read or fell out). */
  public record SampleEntry(PreferenceSample sample, VariantInfo variant) {}

  /** Everything the page draws from events. */
  public record Snapshot(Map<String, Long> read, Map<String, Long> undecodable,
      Map<String, Long> variantKinds, Map<String, Long> sampleKinds, DeadLetters deadLetters,
      Histogram rawScores, Histogram weights, List<Run> training, List<VersionSummary> versions,
      List<SampleSummary> samples) {}
}
