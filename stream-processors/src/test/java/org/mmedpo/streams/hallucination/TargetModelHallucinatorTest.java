package org.mmedpo.streams.hallucination;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.text.ReportText;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.model.Decoding;
import org.mmedpo.model.live.LiveModel;
import org.mmedpo.streams.bench.SyntheticPairs;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.model.PreparedImages;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.scoring.ClinicalJudge;
import org.mmedpo.streams.scoring.ClinicalRuleJudge;
import org.mmedpo.streams.scoring.JudgeRequest;
import org.mmedpo.streams.scoring.Verdict;
import org.mmedpo.streams.scoring.ConsensusProtocol;
import org.mmedpo.streams.testing.TinyModels;

class TargetModelHallucinatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final RadiologyLexicon LEXICON = RadiologyLexicon.standard();
  private static final ConsensusProtocol JUDGES = new ConsensusProtocol(
      List.of(new ClinicalRuleJudge(LEXICON, 0.1)), 5, false);

  @TempDir Path dir;

  private static TargetModelHallucinator hallucinator(LiveModel model, BlobStore blobs, double minScore) {
    return hallucinator(model, blobs, minScore, JUDGES);
  }

  private static TargetModelHallucinator hallucinator(LiveModel model, BlobStore blobs, double minScore,
      ConsensusProtocol judges) {
    return new TargetModelHallucinator(model, new PreparedImages(blobs, 8), judges,
        new ClinicalHallucinationEngine(LEXICON), new TargetModelHallucinator.Settings(3, 1.0, 24, minScore));
  }

  private static HallucinationRequest report(ImageReportPair pair, long seed) {
    return new HallucinationRequest(ItemType.REPORT, ReportText.PROMPT,
        ReportText.compose(pair.getFindings(), pair.getImpression()), "DX", "CHEST", seed,
        Deadline.in(Duration.ofSeconds(30)), pair.getImage());
  }

  @Test
  void shouldKeepACandidateSampledFromTheModelThatDiffersFromTheChosenReport() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = new SyntheticPairs(blobs, TinyModels.IMAGE_SIZE, 3).pair(1);
    ModelVersion v1 = TinyModels.publish(blobs, "v1", ModelKind.BASE, 1, T0);
    try (LiveModel live = TinyModels.serving(blobs, LiveModel.Follow.LATEST, v1)) {
      HallucinationRequest request = report(pair, 77);
      HallucinatedText out = hallucinator(live, blobs, 0).hallucinate(request);

      assertThat(out.generator()).isEqualTo(TargetModelHallucinator.NAME);
      assertThat(out.generatorVersion()).isEqualTo("v1");
      assertThat(out.text()).isNotBlank().isNotEqualTo(request.chosen());
      assertThat(out.operations()).singleElement().satisfies(op -> {
        assertThat(op.getName()).isEqualTo(OperationNames.SAMPLED_ANSWER);
        assertThat(op.getAfter()).contains("of 3").contains("model version v1");
      });
      // The kept text is one of the model's own samples for this image, prompt and seed stream.
      List<String> candidates = live.withModel(m -> {
        float[] input = m.prepare(new PreparedImages(blobs, 1).image(pair.getImage()));
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          all.add(TargetModelHallucinator.tidy(ItemType.REPORT,
              m.sample(input, ReportText.PROMPT, 1, Decoding.sampled(1.0, 24, 77 + i)).get(0)));
        }
        return all;
      });
      assertThat(candidates).contains(out.text());
    }
  }

  @Test
  void shouldBeDeterministicForASeedAndChangeWithTheSeedAndTheModelsWeights() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = new SyntheticPairs(blobs, TinyModels.IMAGE_SIZE, 3).pair(1);
    ModelVersion v1 = TinyModels.publish(blobs, "v1", ModelKind.BASE, 1, T0);
    ModelVersion v2 = TinyModels.publish(blobs, "v2", ModelKind.ALIGNED, 2, T0.plusSeconds(1));
    try (LiveModel live = TinyModels.serving(blobs, LiveModel.Follow.LATEST, v1)) {
      TargetModelHallucinator h = hallucinator(live, blobs, 0);
      String first = h.hallucinate(report(pair, 5)).text();
      assertThat(h.hallucinate(report(pair, 5)).text()).isEqualTo(first);
      assertThat(h.hallucinate(report(pair, 6)).text()).isNotEqualTo(first);

      assertThat(live.offer(v2)).isTrue();
      HallucinatedText afterUpdate = h.hallucinate(report(pair, 5));
      assertThat(afterUpdate.generatorVersion()).isEqualTo("v2");
      assertThat(afterUpdate.text()).isNotEqualTo(first);
    }
  }

  @Test
  void shouldFallBackToTheClinicalEngineAndSaySoWhenNoModelVersionIsPublished() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = new SyntheticPairs(blobs, TinyModels.IMAGE_SIZE, 3).pair(1);
    try (LiveModel none = TinyModels.serving(blobs, LiveModel.Follow.LATEST, null)) {
      HallucinationRequest request = report(pair, 5);
      HallucinatedText out = hallucinator(none, blobs, 0).hallucinate(request);
      HallucinatedText engine = new ClinicalHallucinationEngine(LEXICON).hallucinate(request);

      assertThat(out.generator()).isEqualTo(engine.generator());
      assertThat(out.text()).isEqualTo(engine.text());
      assertThat(out.operations().get(0).getName()).isEqualTo(OperationNames.SAMPLING_FALLBACK);
      assertThat(out.operations().get(0).getAfter()).contains("no model version is published yet");
      assertThat(out.operations().subList(1, out.operations().size())).isEqualTo(engine.operations());
    }
  }

  @Test
  void shouldFallBackAndSayWhyWhenNoCandidateConflictsClearlyEnough() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = new SyntheticPairs(blobs, TinyModels.IMAGE_SIZE, 3).pair(1);
    ModelVersion v1 = TinyModels.publish(blobs, "v1", ModelKind.BASE, 1, T0);
    try (LiveModel live = TinyModels.serving(blobs, LiveModel.Follow.LATEST, v1)) {
      // A judge that finds every candidate only mildly in conflict (0.2), below the bar of 0.4.
      ClinicalJudge mild = new ClinicalJudge() {
        @Override
        public String name() {
          return "mild";
        }

        @Override
        public Verdict judge(JudgeRequest request, OptionalDouble shown) {
          return new Verdict(0.2, true, "mild");
        }
      };
      HallucinatedText out = hallucinator(live, blobs, 0.4,
          new ConsensusProtocol(List.of(mild), 5, false)).hallucinate(report(pair, 5));
      assertThat(out.generator()).isEqualTo(new ClinicalHallucinationEngine(LEXICON).name());
      assertThat(out.operations().get(0).getName()).isEqualTo(OperationNames.SAMPLING_FALLBACK);
      assertThat(out.operations().get(0).getAfter()).contains("best of 3 candidates from model version v1")
          .contains("scored 0.20, below 0.40");
    }
  }

  @Test
  void shouldNeverKeepACandidateThatIsTheChosenAnswerItself() {
    BlobStore blobs = new LocalBlobStore(dir);
    ImageReportPair pair = new SyntheticPairs(blobs, TinyModels.IMAGE_SIZE, 3).pair(1);
    ModelVersion v1 = TinyModels.publish(blobs, "v1", ModelKind.BASE, 1, T0);
    try (LiveModel live = TinyModels.serving(blobs, LiveModel.Follow.LATEST, v1)) {
      // The model's first sample for seed 5 becomes the ground truth of the request, in other
      // spacing and case: a judge that scores every candidate 1 would keep it first.
      List<String> candidates = live.withModel(m -> {
        float[] input = m.prepare(new PreparedImages(blobs, 1).image(pair.getImage()));
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          all.add(TargetModelHallucinator.tidy(ItemType.REPORT,
              m.sample(input, ReportText.PROMPT, 1, Decoding.sampled(1.0, 24, 5 + i)).get(0)));
        }
        return all;
      });
      String sampledFirst = candidates.get(0);
      ClinicalJudge eager = new ClinicalJudge() {
        @Override
        public String name() {
          return "eager";
        }

        @Override
        public Verdict judge(JudgeRequest request, OptionalDouble shown) {
          return new Verdict(1.0, true, "any difference is a hallucination");
        }
      };
      HallucinationRequest request = new HallucinationRequest(ItemType.REPORT, ReportText.PROMPT,
          "  " + sampledFirst.toUpperCase(java.util.Locale.ROOT) + " ", "DX", "CHEST", 5,
          Deadline.in(Duration.ofSeconds(30)), pair.getImage());
      HallucinatedText out = hallucinator(live, blobs, 0, new ConsensusProtocol(List.of(eager), 5,
          false)).hallucinate(request);
      assertThat(out.text()).isNotEqualToIgnoringCase(sampledFirst);
    }
  }
}
