package org.mmedpo.streams.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.Operation;
import org.mmedpo.streams.hallucination.OperationNames;
import org.mmedpo.streams.lesion.ImageDispreference;
import org.mmedpo.streams.llm.Deadline;

/**
 * Noises the lesion region of a pair's image once and makes a LESION_NEGLECT variant of every item
 * with it: same text, destroyed lesion.
 */
final class ImageVariantProcessor extends ContextualProcessor<String, ImageReportPair, String, DispreferredVariant> {

  /** Generator name recorded in image variants. */
  static final String GENERATOR = "lesion-noise";

  private final Components components;
  private KeyValueStore<String, Integer> pending;

  ImageVariantProcessor(Components components) {
    this.components = components;
  }

  @Override
  public void init(ProcessorContext<String, DispreferredVariant> context) {
    super.init(context);
    pending = context.getStateStore(PipelineTopology.PENDING_STORE);
  }

  @Override
  public void process(Record<String, ImageReportPair> record) {
    ImageReportPair pair = record.value();
    long start = System.nanoTime();
    ImageDispreference.Result noised = components.images().make(pair,
        Ids.seed(components.seed(), pair.getPairId() + "/image"), Deadline.in(components.recordDeadline()));
    components.timings().add(StageTimings.Stage.NOISING, System.nanoTime() - start - noised.blobNanos());
    components.timings().add(StageTimings.Stage.BLOB_IO, noised.blobNanos());
    String how = noised.noiseStep() == null ? noised.noiseMode()
        : noised.noiseMode() + " k=" + noised.noiseStep();
    Operation op = Operation.newBuilder().setName(OperationNames.LESION_NOISE).setFinding(noised.finding())
        .setBefore(null)
        .setAfter(String.format(Locale.ROOT, "%s inside %.4f of the image (%s%s)", how, noised.coverage(),
            noised.localizer(), noised.passedOver().isEmpty() ? ""
                : "; passed over " + String.join("; ", noised.passedOver())))
        .build();
    List<DispreferredVariant> variants = new ArrayList<>();
    for (PairItems.Item item : PairItems.of(pair, components.reportPrompt())) {
      variants.add(DispreferredVariant.newBuilder()
          .setVariantId(Ids.imageVariant(pair.getPairId(), item.itemId()))
          .setPairId(pair.getPairId())
          .setStudyPseudonym(pair.getStudyPseudonym())
          .setItemId(item.itemId())
          .setItemType(item.type())
          .setKind(DispreferenceKind.LESION_NEGLECT)
          .setRejectedText(null)
          .setRejectedImage(noised.noised())
          .setGenerator(GENERATOR)
          .setGeneratorVersion(how)
          .setOperations(List.of(op))
          .setLesionMask(noised.mask())
          .setLocalizer(noised.localizer())
          .setNoiseStep(noised.noiseStep())
          .setNoiseMode(noised.noiseMode())
          .setMaskCoverage(noised.coverage())
          .setVisualConfidence(noised.confidence())
          .setCreatedAt(components.clock().instant())
          .build());
    }
    PendingCounts.add(pending, pair.getPairId(), variants.size());
    for (DispreferredVariant variant : variants) {
      context().forward(record.withValue(variant));
    }
  }
}
