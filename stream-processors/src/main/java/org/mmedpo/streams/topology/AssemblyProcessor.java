package org.mmedpo.streams.topology;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.mmedpo.events.ClinicalScore;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.SampleProvenance;
import org.mmedpo.streams.assembly.RunningStats;
import org.mmedpo.streams.assembly.WeightNormalizer;
import org.mmedpo.streams.errors.RejectedRecordException;
import org.mmedpo.streams.llm.Deadline;

/**
 * Joins a score with its variant and pair into a weighted PreferenceSample. The weight's running
 * statistics live in {@code weight-stats-store}, one entry per dispreference kind per task
 * (Welford's count, mean and M2). When the pair's last variant is assembled, the pair leaves the
 * stores.
 */
final class AssemblyProcessor extends ContextualProcessor<String, ClinicalScore, String, PreferenceSample> {

  /** Recorded as the sample's provenance source. */
  static final String SOURCE = "streams";

  private final Components components;
  private KeyValueStore<String, ImageReportPair> pairs;
  private KeyValueStore<String, DispreferredVariant> variants;
  private KeyValueStore<String, Integer> pending;
  private KeyValueStore<String, RunningStats> stats;

  AssemblyProcessor(Components components) {
    this.components = components;
  }

  @Override
  public void init(ProcessorContext<String, PreferenceSample> context) {
    super.init(context);
    pairs = context.getStateStore(PipelineTopology.PAIRS_STORE);
    variants = context.getStateStore(PipelineTopology.VARIANTS_STORE);
    pending = context.getStateStore(PipelineTopology.PENDING_STORE);
    stats = context.getStateStore(PipelineTopology.STATS_STORE);
  }

  @Override
  public void process(Record<String, ClinicalScore> record) {
    long start = System.nanoTime();
    ClinicalScore score = record.value();
    if (score == null) {
      throw new RejectedRecordException("empty record", "a score record without a value");
    }
    if (!(score.getRawScore() >= 0 && score.getRawScore() <= 1)) {
      throw new RejectedRecordException("score out of range", "raw score " + score.getRawScore());
    }
    DispreferredVariant variant = variants.get(score.getVariantId());
    if (variant == null) {
      throw new RejectedRecordException("unknown variant", "no variant " + score.getVariantId()
          + " in this task's store (unknown, or already assembled)");
    }
    ImageReportPair pair = pairs.get(variant.getPairId());
    if (pair == null) {
      throw new RejectedRecordException("unknown pair", "no pair " + variant.getPairId());
    }
    // Whether it becomes a sample or a dead letter, the variant is done with: it leaves the store
    // and counts towards its pair's completion.
    Assembled assembled;
    try {
      assembled = assemble(score, variant, pair);
    } finally {
      variants.delete(variant.getVariantId());
      if (PendingCounts.done(pending, pair.getPairId())) {
        pairs.delete(pair.getPairId());
      }
    }
    components.timings().add(StageTimings.Stage.ASSEMBLY,
        System.nanoTime() - start - assembled.referenceNanos());
    context().forward(record.withValue(assembled.sample()));
  }

  /** A sample and the nanoseconds its reference log-probs took. */
  private record Assembled(PreferenceSample sample, long referenceNanos) {}

  /**
   * Builds the sample of {@code score}. The score enters the running weight statistics only once
   * the sample is complete, so a score that ends as a dead letter does not move the weights.
   */
  private Assembled assemble(ClinicalScore score, DispreferredVariant variant, ImageReportPair pair) {
    PairItems.Item item = PairItems.find(pair, components.reportPrompt(), variant.getItemId())
        .orElseThrow(() -> new RejectedRecordException("unknown item", "pair " + pair.getPairId()
            + " has no item " + variant.getItemId()));
    String statsKey = variant.getKind().name();
    RunningStats seen = RunningStats.EMPTY;
    if (components.weights().needsStatistics()) {
      RunningStats before = stats.get(statsKey);
      seen = (before == null ? RunningStats.EMPTY : before).add(score.getRawScore());
    }
    WeightNormalizer.Weight weight = components.weights().weigh(score.getRawScore(), seen);
    boolean text = variant.getKind() == DispreferenceKind.TEXT_HALLUCINATION;
    PreferenceSample sample = PreferenceSample.newBuilder()
        .setSampleId(Ids.sample(variant.getVariantId()))
        .setKind(variant.getKind())
        .setItemType(item.type())
        .setPrompt(item.prompt())
        .setChosenText(item.chosen())
        .setChosenImage(pair.getImage())
        .setRejectedText(text ? variant.getRejectedText() : item.chosen())
        .setRejectedImage(text ? pair.getImage() : variant.getRejectedImage())
        .setRawScore(score.getRawScore())
        .setWeight(weight.value())
        .setWeightScheme(weight.scheme())
        .setReference(null)
        .setProvenance(SampleProvenance.newBuilder().setSource(SOURCE).setPairId(pair.getPairId())
            .setVariantId(variant.getVariantId()).setScoreId(score.getScoreId())
            .setStudyPseudonym(pair.getStudyPseudonym()).build())
        .setImported(null)
        .setCreatedAt(components.clock().instant())
        .build();
    long referenceNanos = 0;
    if (components.reference().isPresent()) {
      long referenceStart = System.nanoTime();
      components.reference().get().score(sample, Deadline.in(components.recordDeadline()))
          .ifPresent(sample::setReference);
      referenceNanos = System.nanoTime() - referenceStart;
      components.timings().add(StageTimings.Stage.REFERENCE, referenceNanos);
    }
    if (components.weights().needsStatistics()) {
      stats.put(statsKey, seen);
    }
    return new Assembled(sample, referenceNanos);
  }
}
