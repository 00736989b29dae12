package org.mmedpo.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.text.ReportText;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.ReferenceLogps;
import org.mmedpo.events.SampleProvenance;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.VlmSample;
import org.mmedpo.model.archive.ArchiveMetadata;
import org.mmedpo.model.live.LiveModel;
import org.mmedpo.model.text.Tokenizer;
import org.mmedpo.streams.assembly.ModelReferenceScorer;
import org.mmedpo.streams.bench.SyntheticPairs;
import org.mmedpo.streams.hallucination.ClinicalHallucinationEngine;
import org.mmedpo.streams.hallucination.HallucinationRequest;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.model.PreparedImages;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.trainer.stream.ImageCache;
import org.mmedpo.trainer.stream.ReferenceLogpsSource;

/**
 * The reference log-probs the stream processors write into a sample equal the ones the trainer
 * computes for the same sample with the same BASE version (its image cache, its reference model
 * loaded from the same archive, its {@link ReferenceLogpsSource}): text and image samples, with the
 * project's default model and the report prompt of {@link ReportText}.
 */
class ReferenceLogpsAgreementTest {

  @TempDir Path dir;

  @Test
  void shouldWriteTheLogProbsTheTrainerComputesForTheSameSampleAndVersion() {
    BlobStore blobs = new LocalBlobStore(dir);
    SyntheticPairs synthetic = new SyntheticPairs(blobs, 96, 5);
    ImageReportPair pair = synthetic.pair(1);
    ImageReportPair other = synthetic.pair(2);
    String chosen = ReportText.compose(pair.getFindings(), pair.getImpression());
    String rejected = new ClinicalHallucinationEngine(RadiologyLexicon.standard()).hallucinate(
        new HallucinationRequest(ItemType.REPORT, ReportText.PROMPT, chosen, "DX", "CHEST", 9,
            Deadline.in(Duration.ofSeconds(10)))).text();
    assertThat(rejected).isNotEqualTo(chosen);
    Tokenizer tokenizer = Tokenizer.build(List.of(ReportText.PROMPT, chosen, rejected), 1);

    byte[] archive;
    try (MedVlm model = MedVlm.create(ModelConfig.defaults(), tokenizer, Device.cpu())) {
      archive = model.toArchive(new ArchiveMetadata("m", "base-1", null, "BASE", 0, 0, Map.of()));
    }
    StoredBlob stored = blobs.put(archive, "application/zip");
    ModelVersion base = ModelVersion.newBuilder().setVersion("base-1").setModelName("m")
        .setKind(ModelKind.BASE).setBlobUri(stored.uri()).setSha256(stored.sha256())
        .setSizeBytes(stored.size()).setSamplesSeen(0).setSteps(0).setCreatedAt(Instant.EPOCH).build();

    PreferenceSample text = sample("text", DispreferenceKind.TEXT_HALLUCINATION, pair, pair, chosen,
        rejected, null);
    PreferenceSample image = sample("image", DispreferenceKind.LESION_NEGLECT, pair, other, chosen,
        chosen, null);

    try (LiveModel live = new LiveModel(blobs, Device.cpu(), LiveModel.Follow.BASE);
        MedVlm trainerReference = MedVlm.load(blobs.get(base.getBlobUri()), Device.cpu(), false)) {
      live.offer(base);
      ModelReferenceScorer processors = new ModelReferenceScorer(live, new PreparedImages(blobs, 8));
      ImageCache trainerImages = new ImageCache(blobs, 8);
      ReferenceLogpsSource trainer = new ReferenceLogpsSource(trainerReference, "base-1", 8);
      for (PreferenceSample s : List.of(text, image)) {
        ReferenceLogps written = processors.score(s, Deadline.in(Duration.ofSeconds(30))).orElseThrow();
        assertThat(written.getModelVersion()).isEqualTo("base-1");
        // The trainer's own computation: the sample without the enrichment, as it reads it.
        VlmSample c = new VlmSample(trainerImages.get(s.getChosenImage(), trainerReference), s.getPrompt(),
            s.getChosenText());
        VlmSample r = new VlmSample(trainerImages.get(s.getRejectedImage(), trainerReference), s.getPrompt(),
            s.getRejectedText());
        double[] computed = trainer.of(s, c, r);
        assertThat(written.getChosenLogp()).isCloseTo(computed[0], within(1e-5));
        assertThat(written.getRejectedLogp()).isCloseTo(computed[1], within(1e-5));
        assertThat(written.getChosenLogp()).isNotEqualTo(written.getRejectedLogp());

        // And with the enrichment in the sample, the trainer takes exactly what was written.
        PreferenceSample enriched = s.getKind() == DispreferenceKind.TEXT_HALLUCINATION
            ? sample("text", s.getKind(), pair, pair, chosen, rejected, written)
            : sample("image", s.getKind(), pair, other, chosen, chosen, written);
        assertThat(trainer.of(enriched, c, r)).containsExactly(written.getChosenLogp(),
            written.getRejectedLogp());
      }
      assertThat(trainer.computed()).isEqualTo(2);
      assertThat(trainer.fromEvent()).isEqualTo(2);
    }
  }

  private static PreferenceSample sample(String id, DispreferenceKind kind, ImageReportPair chosenPair,
      ImageReportPair rejectedPair, String chosen, String rejected, ReferenceLogps reference) {
    return PreferenceSample.newBuilder().setSampleId(id).setKind(kind).setItemType(ItemType.REPORT)
        .setPrompt(ReportText.PROMPT).setChosenText(chosen).setChosenImage(chosenPair.getImage())
        .setRejectedText(rejected).setRejectedImage(rejectedPair.getImage()).setRawScore(0.7)
        .setWeight(1.0).setWeightScheme(WeightScheme.PAPER).setReference(reference)
        .setProvenance(SampleProvenance.newBuilder().setSource("streams").build())
        .setCreatedAt(Instant.EPOCH).build();
  }
}
