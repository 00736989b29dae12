package org.mmedpo.streams.assembly;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.ReferenceLogps;
import org.mmedpo.model.VlmSample;
import org.mmedpo.model.live.LiveModel;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.model.PreparedImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference log-probs from the frozen reference model: the BASE version of {@code
 * reference.version} (the newest BASE when empty), followed live.
 * log pi_ref(y_w | x) and log pi_ref(y_l | x*) are computed as the trainer would compute them
 * (each side's own image from the blob store, prepared by the model; the two sides in one batch
 * of {@code MedVlm.logProbs}), so the trainer can take them from the sample when the version
 * matches its reference.
 *
 * <p>A sample passes through unenriched (empty) while no BASE version is published; the trainer
 * then computes the values itself. Such samples are counted for reporting. Thread-safe; model calls run concurrently with other stream
 * threads (inference needs no lock).
 */
public final class ModelReferenceScorer implements ReferenceScorer {

  private static final Logger LOG = LoggerFactory.getLogger(ModelReferenceScorer.class);

  private final LiveModel base;
  private final PreparedImages images;
  private final LongAdder enriched = new LongAdder();
  private final LongAdder withoutBase = new LongAdder();
  private final AtomicBoolean warnedWithoutBase = new AtomicBoolean();

  /**
   * @param base the reference BASE version ({@code LiveModel.Follow.BASE})
   * @param images where the samples' images come from
   */
  public ModelReferenceScorer(LiveModel base, PreparedImages images) {
    this.base = base;
    this.images = images;
  }

  /**
   * {@inheritDoc}
   *
   * @throws org.mmedpo.streams.errors.RejectedRecordException when an image of the sample is
   *     missing or corrupt (the sample could not be trained on either)
   */
  @Override
  public Optional<ReferenceLogps> score(PreferenceSample sample, Deadline deadline) {
    if (base.currentVersion().isEmpty()) {
      withoutBase.increment();
      if (warnedWithoutBase.compareAndSet(false, true)) {
        LOG.warn("reference enrichment is on but the reference BASE version is not published yet: "
            + "samples pass through without reference log-probs (the trainer computes them)");
      }
      return Optional.empty();
    }
    ReferenceLogps logps;
    try {
      logps = base.withModel(m -> {
        String version = base.currentVersion().map(ModelVersion::getVersion).orElseThrow();
        VlmSample chosen = new VlmSample(images.prepared(sample.getChosenImage(), m), sample.getPrompt(),
            sample.getChosenText());
        VlmSample rejected = new VlmSample(images.prepared(sample.getRejectedImage(), m),
            sample.getPrompt(), sample.getRejectedText());
        double[] lp = m.logProbs(List.of(chosen, rejected));
        return ReferenceLogps.newBuilder().setChosenLogp(lp[0]).setRejectedLogp(lp[1])
            .setModelVersion(version).build();
      });
    } catch (IllegalStateException e) {
      // Only when the model was closed under us (shutdown): the trainer computes the values.
      LOG.warn("sample {} passes through without reference log-probs: {}", sample.getSampleId(),
          e.getMessage());
      return Optional.empty();
    }
    enriched.increment();
    return Optional.of(logps);
  }

  /** Samples enriched so far. */
  public long enriched() {
    return enriched.sum();
  }

  /** Samples passed through because no BASE version was published yet. */
  public long withoutBase() {
    return withoutBase.sum();
  }
}
