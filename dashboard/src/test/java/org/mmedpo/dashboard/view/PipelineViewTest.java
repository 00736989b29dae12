package org.mmedpo.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.dashboard.PipelineEvents;
import org.mmedpo.dashboard.PipelineEvents.PairEvents;
import org.mmedpo.dashboard.view.PipelineView.Count;
import org.mmedpo.dashboard.view.PipelineView.SampleEntry;
import org.mmedpo.dashboard.view.PipelineView.Snapshot;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.TrainingMetrics;
import org.mmedpo.schemas.EventContract;

class PipelineViewTest {

  @TempDir Path blobs;
  PipelineEvents events;
  PipelineView view;

  @BeforeEach
  void setUp() {
    events = new PipelineEvents(new LocalBlobStore(blobs));
    view = new PipelineView(3, 1_000, 100);
  }

  private void feed(PairEvents pair) {
    pair.variants().forEach(v -> view.accept(EventContract.VARIANTS, v.getVariantId(), v));
    pair.scores().forEach(s -> view.accept(EventContract.SCORES, s.getScoreId(), s));
    pair.samples().forEach(s -> view.accept(EventContract.PREFERENCES, s.getSampleId(), s));
  }

  @Test
  void shouldCountDispreferenceKindsOfVariantsAndSamples() {
    feed(events.pair(1));
    feed(events.pair(2));
    Snapshot s = view.snapshot();
    assertThat(s.variantKinds()).containsEntry("TEXT_HALLUCINATION", 2L).containsEntry("LESION_NEGLECT", 2L);
    assertThat(s.sampleKinds()).containsEntry("TEXT_HALLUCINATION", 2L).containsEntry("LESION_NEGLECT", 2L);
    assertThat(s.read()).containsEntry("mmedpo.variants.v1", 4L).containsEntry("mmedpo.preferences.v1", 4L);
    assertThat(s.rawScores().n()).isEqualTo(4);
    assertThat(s.weights().n()).isEqualTo(4);
    assertThat(s.weights().series()).containsExactly("LESION_NEGLECT", "TEXT_HALLUCINATION");
  }

  @Test
  void shouldFindASampleWithTheOperationsAndMaskOfItsVariant() {
    PairEvents pair = events.pair(1);
    feed(pair);
    SampleEntry text = view.sample("pair-1-text-sample").orElseThrow();
    assertThat(text.variant().operations()).extracting(PipelineView.OperationView::after)
        .containsExactly("left", "Small right pneumothorax");
    SampleEntry lesion = view.sample("pair-1-lesion-sample").orElseThrow();
    assertThat(lesion.variant().lesionMask().getSha256()).isEqualTo(events.mask().getSha256());
    assertThat(lesion.sample().getRejectedImage().getSha256()).isEqualTo(events.noised().getSha256());
  }

  @Test
  void shouldKeepOnlyTheLatestSamplesNewestFirst() {
    feed(events.pair(1));
    feed(events.pair(2));
    List<PipelineView.SampleSummary> listed = view.snapshot().samples();
    assertThat(listed).extracting(PipelineView.SampleSummary::sampleId)
        .containsExactly("pair-2-lesion-sample", "pair-2-text-sample", "pair-1-lesion-sample");
    assertThat(view.sample("pair-1-text-sample")).isEmpty();
  }

  @Test
  void shouldCountDeadLettersByReasonAndStageMostFrequentFirst() {
    view.accept(EventContract.DLQ, null, PipelineEvents.letter("ingest.dicom", "no pixel data", "a.dcm"));
    view.accept(EventContract.DLQ, null, PipelineEvents.letter("ingest.dicom", "unsupported transfer syntax", "b.dcm"));
    view.accept(EventContract.DLQ, null, PipelineEvents.letter("streams.judges", "unsupported transfer syntax", null));
    PipelineView.DeadLetters letters = view.snapshot().deadLetters();
    assertThat(letters.total()).isEqualTo(3);
    assertThat(letters.byReason()).containsExactly(new Count("unsupported transfer syntax", 2),
        new Count("no pixel data", 1));
    assertThat(letters.byStage()).containsExactly(new Count("ingest.dicom", 2), new Count("streams.judges", 1));
    assertThat(letters.latest()).first().extracting(PipelineView.LetterSummary::stage).isEqualTo("streams.judges");
  }

  @Test
  void shouldFoldReasonsBeyondTheLimitIntoOneBar() {
    for (int i = 0; i < PipelineView.MAX_REASONS + 5; i++) {
      view.accept(EventContract.DLQ, null, PipelineEvents.letter("ingest", "reason " + i, null));
    }
    List<Count> reasons = view.snapshot().deadLetters().byReason();
    assertThat(reasons).hasSize(PipelineView.MAX_REASONS + 1);
    assertThat(reasons.get(0)).isEqualTo(new Count(PipelineView.OTHER_REASONS, 5));
  }

  @Test
  void shouldDrawTrainingCurvesPerRunThinnedForThePage() {
    view = new PipelineView(3, 1_000, 10_000);
    for (TrainingMetrics m : events.metrics("run-a", 1, 1_000)) {
      view.accept(EventContract.TRAINER_METRICS, m.getRunId(), m);
    }
    for (TrainingMetrics m : events.metrics("run-b", 1, 10)) {
      view.accept(EventContract.TRAINER_METRICS, m.getRunId(), m);
    }
    List<PipelineView.Run> runs = view.snapshot().training();
    assertThat(runs).extracting(PipelineView.Run::runId).containsExactlyInAnyOrder("run-a", "run-b");
    PipelineView.Run a = runs.stream().filter(r -> r.runId().equals("run-a")).findFirst().orElseThrow();
    assertThat(a.kept()).isEqualTo(1_000);
    assertThat(a.curve().step()).hasSize(PipelineView.CURVE_POINTS_SENT);
    assertThat(a.curve().loss()).hasSize(PipelineView.CURVE_POINTS_SENT);
    assertThat(a.curve().step().get(0)).isEqualTo(1);
    assertThat(a.curve().step().get(PipelineView.CURVE_POINTS_SENT - 1)).isEqualTo(1_000);
    assertThat(a.latest().step()).isEqualTo(1_000);
    assertThat(a.latest().samplesSeen()).isEqualTo(8_000);
  }

  @Test
  void shouldReportANonFiniteLossAsMissingRatherThanBreakTheJson() {
    TrainingMetrics diverged = events.metrics("run", 1, 1).get(0);
    diverged.setLoss(Double.NaN);
    view.accept(EventContract.TRAINER_METRICS, "run", diverged);
    assertThat(view.snapshot().training().get(0).curve().loss().get(0)).isNull();
    assertThat(view.snapshot().training().get(0).latest().loss()).isNull();
  }

  @Test
  void shouldRoundCurveValuesToSixSignificantDigitsForThePage() {
    TrainingMetrics m = events.metrics("run", 1, 1).get(0);
    m.setLoss(0.693147180559945);
    view.accept(EventContract.TRAINER_METRICS, "run", m);
    PipelineView.Run run = view.snapshot().training().get(0);
    assertThat(run.curve().loss().get(0)).isEqualTo(0.693147);
    assertThat(run.latest().loss()).isEqualTo(0.693147180559945);
    assertThat(PipelineView.Curve.round(-1234.5678901)).isEqualTo(-1234.57);
    assertThat(PipelineView.Curve.round(98_765_432.1)).isEqualTo(98_765_400.0);
    assertThat(PipelineView.Curve.round(1.23456789e-9)).isEqualTo(1.23457e-9);
    assertThat(PipelineView.Curve.round(0.0)).isEqualTo(0.0);
  }

  @Test
  void shouldListModelVersionsByPublicationTimeAndDropTombstones() {
    ModelVersion v2 = events.version(2);
    view.accept(EventContract.MODEL_VERSIONS, "v2", v2);
    view.accept(EventContract.MODEL_VERSIONS, "v0", events.version(0));
    view.accept(EventContract.MODEL_VERSIONS, "v1", events.version(1));
    assertThat(view.snapshot().versions()).extracting(PipelineView.VersionSummary::version)
        .containsExactly("v0", "v1", "v2");
    assertThat(view.snapshot().versions().get(2).evaluation()).containsKeys("closed_accuracy", "bleu");

    view.accept(EventContract.MODEL_VERSIONS, "v1", null);
    assertThat(view.snapshot().versions()).extracting(PipelineView.VersionSummary::version)
        .containsExactly("v0", "v2");
  }

  @Test
  void shouldCountUndecodableRecordsAndMoveTheVersionOnEveryChange() {
    long before = view.version();
    view.undecodable("mmedpo.dlq.v1");
    view.undecodable("mmedpo.dlq.v1");
    assertThat(view.snapshot().undecodable()).containsEntry("mmedpo.dlq.v1", 2L);
    assertThat(view.version()).isEqualTo(before + 2);
  }
}
