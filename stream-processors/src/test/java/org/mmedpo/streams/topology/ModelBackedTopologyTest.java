package org.mmedpo.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.model.VlmSample;
import org.mmedpo.model.live.LiveModel;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.streams.assembly.ModelReferenceScorer;
import org.mmedpo.streams.hallucination.ClinicalHallucinationEngine;
import org.mmedpo.streams.hallucination.OperationNames;
import org.mmedpo.streams.hallucination.TargetModelHallucinator;
import org.mmedpo.streams.model.PreparedImages;
import org.mmedpo.streams.model.ProcessorModels;
import org.mmedpo.streams.testing.TinyModels;
import org.mmedpo.streams.testing.TopologyFixture;

class ModelBackedTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Map<String, String> ALL_ON = Map.of(
      StreamsAppConfig.HALLUCINATOR, StreamsAppConfig.TARGET_MODEL,
      StreamsAppConfig.MODEL_CANDIDATES, "2",
      StreamsAppConfig.MODEL_MAX_NEW_TOKENS, "24",
      StreamsAppConfig.MODEL_MIN_SCORE, "0",
      StreamsAppConfig.LOCALIZERS, "saliency,contrast",
      StreamsAppConfig.REFERENCE_ENRICHMENT, "true");

  @TempDir Path dir;

  private static ImageReportPair abnormal(TopologyFixture f) {
    for (int i = 0; ; i++) {
      ImageReportPair pair = f.synthetic.pair(i);
      if (!pair.getAnnotations().isEmpty()) {
        return pair;
      }
    }
  }

  @Test
  void shouldUseTheBuiltInPartsAndSaySoWhileNoModelVersionIsPublished() {
    LiveModel latest = new LiveModel(null, ai.djl.Device.cpu(), LiveModel.Follow.LATEST);
    LiveModel base = new LiveModel(null, ai.djl.Device.cpu(), LiveModel.Follow.BASE);
    try (ProcessorModels models = ProcessorModels.of(latest, base);
        TopologyFixture f = new TopologyFixture(dir, ALL_ON, models)) {
      f.send(abnormal(f));
      List<DispreferredVariant> variants = TopologyFixture.values(f.variants);
      List<PreferenceSample> samples = TopologyFixture.values(f.preferences);
      assertThat(variants).hasSize(6);
      assertThat(samples).hasSize(6);
      assertThat(f.deadLetters.isEmpty()).isTrue();

      assertThat(variants).filteredOn(v -> v.getKind() == DispreferenceKind.TEXT_HALLUCINATION).hasSize(3)
          .allSatisfy(v -> {
            assertThat(v.getGenerator()).isEqualTo(ClinicalHallucinationEngine.NAME);
            assertThat(v.getOperations().get(0).getName()).isEqualTo(OperationNames.SAMPLING_FALLBACK);
            assertThat(v.getOperations().get(0).getAfter()).contains("no model version is published yet");
          });
      assertThat(variants).filteredOn(v -> v.getKind() == DispreferenceKind.LESION_NEGLECT).hasSize(3)
          .allSatisfy(v -> {
            assertThat(v.getLocalizer()).isEqualTo("contrast");
            assertThat(v.getOperations().get(0).getAfter())
                .contains("passed over saliency: no model version is published yet");
          });
      assertThat(samples).allSatisfy(s -> assertThat(s.getReference()).isNull());
      ModelReferenceScorer scorer = (ModelReferenceScorer) f.components.reference().orElseThrow();
      assertThat(scorer.withoutBase()).isEqualTo(6);
      assertThat(scorer.enriched()).isZero();
    }
  }

  @Test
  void shouldSampleLocalizeAndEnrichWithThePublishedModels() {
    java.nio.file.Path blobDir = dir.resolve("blobs");
    org.mmedpo.common.blob.LocalBlobStore blobs = new org.mmedpo.common.blob.LocalBlobStore(blobDir);
    ModelVersion v1 = TinyModels.publish(blobs, "v1", ModelKind.BASE, 1, T0);
    ModelVersion v2 = TinyModels.publish(blobs, "v2", ModelKind.ALIGNED, 2, T0.plusSeconds(1));
    LiveModel latest = TinyModels.serving(blobs, LiveModel.Follow.LATEST, v2);
    LiveModel base = TinyModels.serving(blobs, LiveModel.Follow.BASE, v1);
    try (ProcessorModels models = ProcessorModels.of(latest, base);
        TopologyFixture f = new TopologyFixture(dir, ALL_ON, models)) {
      ImageReportPair pair = abnormal(f);
      f.send(pair);
      List<DispreferredVariant> variants = TopologyFixture.values(f.variants);
      List<PreferenceSample> samples = TopologyFixture.values(f.preferences);
      assertThat(samples).hasSize(6);
      assertThat(f.deadLetters.isEmpty()).isTrue();

      DispreferredVariant report = variants.stream()
          .filter(v -> v.getKind() == DispreferenceKind.TEXT_HALLUCINATION && v.getItemId().equals("report"))
          .findFirst().orElseThrow();
      assertThat(report.getGenerator()).isEqualTo(TargetModelHallucinator.NAME);
      assertThat(report.getGeneratorVersion()).isEqualTo("v2");
      assertThat(variants).filteredOn(v -> v.getKind() == DispreferenceKind.LESION_NEGLECT)
          .allSatisfy(v -> assertThat(v.getLocalizer()).isEqualTo("saliency:v2"));

      PreparedImages images = new PreparedImages(f.blobs, 4);
      for (PreferenceSample s : samples) {
        assertThat(s.getReference()).isNotNull();
        assertThat(s.getReference().getModelVersion()).isEqualTo("v1");
        double[] expected = base.withModel(m -> m.logProbs(List.of(
            new VlmSample(images.prepared(s.getChosenImage(), m), s.getPrompt(), s.getChosenText()),
            new VlmSample(images.prepared(s.getRejectedImage(), m), s.getPrompt(), s.getRejectedText()))));
        assertThat(s.getReference().getChosenLogp()).isEqualTo(expected[0]);
        assertThat(s.getReference().getRejectedLogp()).isEqualTo(expected[1]);
      }
    }
  }

  @Test
  void shouldDeadLetterASampleWhoseReferenceCannotBeComputedAndLeaveNothingBehind()
      throws java.io.IOException {
    java.nio.file.Path blobDir = dir.resolve("blobs");
    org.mmedpo.common.blob.LocalBlobStore blobs = new org.mmedpo.common.blob.LocalBlobStore(blobDir);
    ModelVersion v1 = TinyModels.publish(blobs, "v1", ModelKind.BASE, 1, T0);
    LiveModel latest = new LiveModel(null, ai.djl.Device.cpu(), LiveModel.Follow.LATEST);
    LiveModel base = TinyModels.serving(blobs, LiveModel.Follow.BASE, v1);
    try (ProcessorModels models = ProcessorModels.of(latest, base);
        TopologyFixture f = new TopologyFixture(dir,
            Map.of(StreamsAppConfig.REFERENCE_ENRICHMENT, "true"), models)) {
      ImageReportPair pair = abnormal(f);
      // The radiograph is gone from the blob store: noising and reference log-probs both need it.
      java.nio.file.Files.delete(Path.of(java.net.URI.create(pair.getImage().getUri())));
      f.send(pair);

      assertThat(TopologyFixture.values(f.preferences)).isEmpty();
      List<org.mmedpo.events.DeadLetter> dead = TopologyFixture.values(f.deadLetters);
      List<DispreferredVariant> variants = TopologyFixture.values(f.variants);
      assertThat(variants).isNotEmpty();
      // Every text variant reached assembly and was dead-lettered there.
      assertThat(dead.size()).isGreaterThanOrEqualTo(variants.size());
      org.apache.kafka.streams.state.KeyValueStore<String, ImageReportPair> pairs =
          f.driver.getKeyValueStore(PipelineTopology.PAIRS_STORE);
      org.apache.kafka.streams.state.KeyValueStore<String, DispreferredVariant> stored =
          f.driver.getKeyValueStore(PipelineTopology.VARIANTS_STORE);
      org.apache.kafka.streams.state.KeyValueStore<String, Integer> pending =
          f.driver.getKeyValueStore(PipelineTopology.PENDING_STORE);
      org.apache.kafka.streams.state.KeyValueStore<String, ?> stats =
          f.driver.getKeyValueStore(PipelineTopology.STATS_STORE);
      assertThat(stored.approximateNumEntries()).as("variants left in the store").isZero();
      assertThat(pending.get(pair.getPairId())).isNull();
      assertThat(pairs.get(pair.getPairId())).isNull();
      assertThat(stats.get(DispreferenceKind.TEXT_HALLUCINATION.name()))
          .as("a dead-lettered score moved the weight statistics").isNull();
    }
  }

  @Test
  void shouldRefuseAModelBackedPartWithoutItsModel() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            new TopologyFixture(dir, Map.of(StreamsAppConfig.HALLUCINATOR, StreamsAppConfig.TARGET_MODEL)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("latest model");
  }
}
