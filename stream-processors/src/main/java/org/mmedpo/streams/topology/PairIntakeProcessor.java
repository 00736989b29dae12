package org.mmedpo.streams.topology;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.streams.errors.RejectedRecordException;

/**
 * Checks a pair (keyed by its study pseudonym, with an image and at least one item), keeps it in
 * {@code pairs-store} for the judge and the assembler, and passes it to the variant makers.
 */
final class PairIntakeProcessor extends ContextualProcessor<String, ImageReportPair, String, ImageReportPair> {

  private final String reportPrompt;
  private KeyValueStore<String, ImageReportPair> pairs;

  PairIntakeProcessor(String reportPrompt) {
    this.reportPrompt = reportPrompt;
  }

  @Override
  public void init(ProcessorContext<String, ImageReportPair> context) {
    super.init(context);
    pairs = context.getStateStore(PipelineTopology.PAIRS_STORE);
  }

  @Override
  public void process(Record<String, ImageReportPair> record) {
    ImageReportPair pair = record.value();
    if (pair == null) {
      throw new RejectedRecordException("empty record", "a pair record without a value");
    }
    if (pair.getPairId() == null || pair.getPairId().isBlank()) {
      throw new RejectedRecordException("missing pair id", "the pair has no pairId");
    }
    if (record.key() == null || !record.key().equals(pair.getStudyPseudonym())) {
      // Co-partitioning of pairs, variants and scores relies on this key.
      throw new RejectedRecordException("key mismatch", "record key " + record.key()
          + " is not the pair's study pseudonym " + pair.getStudyPseudonym());
    }
    if (pair.getImage() == null || pair.getImage().getUri() == null || pair.getImage().getUri().isBlank()) {
      throw new RejectedRecordException("missing image", "the pair has no image reference");
    }
    if (PairItems.of(pair, reportPrompt).isEmpty()) {
      throw new RejectedRecordException("no items", "the pair has neither report text nor VQA answers");
    }
    pairs.put(pair.getPairId(), pair);
    context().forward(record);
  }
}
