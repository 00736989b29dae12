package org.mmedpo.streams.topology;

import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.mmedpo.events.ClinicalScore;
import org.mmedpo.events.ConsensusRound;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.Judgement;
import org.mmedpo.events.ScoreMethod;
import org.mmedpo.streams.errors.RejectedRecordException;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.scoring.ConsensusProtocol;
import org.mmedpo.streams.scoring.JudgeRequest;

/**
 * Scores a variant: text variants by the judges' consensus protocol against the pair's ground
 * truth, image variants by their localizer's confidence. Keeps the variant in
 * {@code variants-store} for the assembler.
 */
final class JudgeProcessor extends ContextualProcessor<String, DispreferredVariant, String, ClinicalScore> {

  private final Components components;
  private KeyValueStore<String, ImageReportPair> pairs;
  private KeyValueStore<String, DispreferredVariant> variants;

  JudgeProcessor(Components components) {
    this.components = components;
  }

  @Override
  public void init(ProcessorContext<String, ClinicalScore> context) {
    super.init(context);
    pairs = context.getStateStore(PipelineTopology.PAIRS_STORE);
    variants = context.getStateStore(PipelineTopology.VARIANTS_STORE);
  }

  @Override
  public void process(Record<String, DispreferredVariant> record) {
    DispreferredVariant variant = record.value();
    if (variant == null) {
      throw new RejectedRecordException("empty record", "a variant record without a value");
    }
    ImageReportPair pair = pairs.get(variant.getPairId());
    if (pair == null) {
      throw new RejectedRecordException("unknown pair", "no pair " + variant.getPairId()
          + " in this task's store (unknown, or already assembled)");
    }
    ClinicalScore.Builder score = ClinicalScore.newBuilder()
        .setScoreId(Ids.score(variant.getVariantId()))
        .setVariantId(variant.getVariantId())
        .setPairId(variant.getPairId())
        .setStudyPseudonym(variant.getStudyPseudonym())
        .setKind(variant.getKind());
    if (variant.getKind() == DispreferenceKind.TEXT_HALLUCINATION) {
      PairItems.Item item = PairItems.find(pair, components.reportPrompt(), variant.getItemId())
          .orElseThrow(() -> new RejectedRecordException("unknown item", "pair " + pair.getPairId()
              + " has no item " + variant.getItemId()));
      if (variant.getRejectedText() == null || variant.getRejectedText().isBlank()) {
        throw new RejectedRecordException("missing rejected text", "text variant without rejectedText");
      }
      long start = System.nanoTime();
      ConsensusProtocol.Outcome outcome = components.consensus().run(new JudgeRequest(item.type(), item.prompt(),
          item.chosen(), variant.getRejectedText(), variant.getOperations(),
          Deadline.in(components.recordDeadline())));
      components.timings().add(StageTimings.Stage.JUDGING, System.nanoTime() - start);
      score.setMethod(ScoreMethod.JUDGE_CONSENSUS).setRounds(outcome.rounds())
          .setConsensusReached(outcome.consensus()).setRawScore(outcome.score());
    } else if (variant.getKind() == DispreferenceKind.LESION_NEGLECT) {
      Double confidence = variant.getVisualConfidence();
      if (confidence == null || !(confidence >= 0 && confidence <= 1)) {
        throw new RejectedRecordException("missing visual confidence", "image variant without a confidence in [0, 1]");
      }
      Judgement judgement = Judgement.newBuilder().setJudge("localizer:" + variant.getLocalizer())
          .setScore(confidence).setAgreed(false)
          .setRationale(String.format(Locale.ROOT, "confidence that the noised region holds the finding (mask covers %.4f)",
              variant.getMaskCoverage() == null ? Double.NaN : variant.getMaskCoverage()))
          .build();
      score.setMethod(ScoreMethod.VISUAL_CONFIDENCE)
          .setRounds(List.of(ConsensusRound.newBuilder().setRound(1).setJudgements(List.of(judgement)).build()))
          .setConsensusReached(true).setRawScore(confidence);
    } else {
      throw new RejectedRecordException("unknown kind", "variant kind " + variant.getKind());
    }
    variants.put(variant.getVariantId(), variant);
    context().forward(record.withValue(score.setCreatedAt(components.clock().instant()).build()));
  }
}
