package org.mmedpo.streams.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.streams.hallucination.HallucinatedText;
import org.mmedpo.streams.hallucination.HallucinationRequest;
import org.mmedpo.streams.llm.Deadline;

/**
 * Makes a TEXT_HALLUCINATION variant of every item of a pair. All items are made before any is
 * sent, so a pair yields all of its text variants or one dead letter.
 */
final class TextVariantProcessor extends ContextualProcessor<String, ImageReportPair, String, DispreferredVariant> {

  private final Components components;
  private KeyValueStore<String, Integer> pending;

  TextVariantProcessor(Components components) {
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
    Deadline deadline = Deadline.in(components.recordDeadline());
    List<DispreferredVariant> variants = new ArrayList<>();
    for (PairItems.Item item : PairItems.of(pair, components.reportPrompt())) {
      String variantId = Ids.textVariant(pair.getPairId(), item.itemId());
      long start = System.nanoTime();
      HallucinatedText text = components.hallucinator().hallucinate(new HallucinationRequest(item.type(),
          item.prompt(), item.chosen(), pair.getModality(), pair.getBodyPart(),
          Ids.seed(components.seed(), variantId), deadline, pair.getImage()));
      components.timings().add(StageTimings.Stage.HALLUCINATION, System.nanoTime() - start);
      variants.add(DispreferredVariant.newBuilder()
          .setVariantId(variantId)
          .setPairId(pair.getPairId())
          .setStudyPseudonym(pair.getStudyPseudonym())
          .setItemId(item.itemId())
          .setItemType(item.type())
          .setKind(DispreferenceKind.TEXT_HALLUCINATION)
          .setRejectedText(text.text())
          .setRejectedImage(null)
          .setGenerator(text.generator())
          .setGeneratorVersion(text.generatorVersion())
          .setOperations(text.operations())
          .setCreatedAt(components.clock().instant())
          .build());
    }
    PendingCounts.add(pending, pair.getPairId(), variants.size());
    for (DispreferredVariant variant : variants) {
      context().forward(record.withValue(variant));
    }
  }
}
