package org.mmedpo.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.events.ClinicalScore;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.ReferenceLogps;
import org.mmedpo.events.ScoreMethod;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.streams.testing.TopologyFixture;

class PipelineTopologyTest {

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
  void shouldTurnAPairIntoTextAndImageSamplesForEveryItem() {
    try (TopologyFixture f = new TopologyFixture(dir, Map.of())) {
      ImageReportPair pair = abnormal(f);
      f.send(pair);
      List<DispreferredVariant> variants = TopologyFixture.values(f.variants);
      List<ClinicalScore> scores = TopologyFixture.values(f.scores);
      List<TestRecord<String, PreferenceSample>> samples = f.preferences.readRecordsToList();
      assertThat(variants).hasSize(6);
      assertThat(scores).hasSize(6);
      assertThat(samples).hasSize(6).allSatisfy(r -> assertThat(r.key()).isEqualTo(pair.getStudyPseudonym()));
      assertThat(f.deadLetters.isEmpty()).isTrue();

      for (PreferenceSample s : samples.stream().map(TestRecord::value).toList()) {
        assertThat(s.getChosenImage()).isEqualTo(pair.getImage());
        assertThat(s.getProvenance().getPairId()).isEqualTo(pair.getPairId());
        if (s.getKind() == DispreferenceKind.TEXT_HALLUCINATION) {
          assertThat(s.getRejectedText()).isNotEqualTo(s.getChosenText());
          assertThat(s.getRejectedImage()).isEqualTo(pair.getImage());
        } else {
          assertThat(s.getKind()).isEqualTo(DispreferenceKind.LESION_NEGLECT);
          assertThat(s.getRejectedText()).isEqualTo(s.getChosenText());
          assertThat(s.getRejectedImage().getSha256()).isNotEqualTo(pair.getImage().getSha256());
          GrayImage noised = PngCodec.decode(f.blobs.get(s.getRejectedImage().getUri()));
          assertThat(noised.width()).isEqualTo(pair.getImage().getWidth());
        }
      }
      assertThat(samples.stream().map(r -> r.value().getItemType().name()).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder("REPORT", "VQA_CLOSED", "VQA_OPEN");

      DispreferredVariant image = variants.stream().filter(v -> v.getKind() == DispreferenceKind.LESION_NEGLECT)
          .findFirst().orElseThrow();
      assertThat(image.getLocalizer()).isEqualTo("ground-truth");
      assertThat(image.getNoiseStep()).isEqualTo(500);
      assertThat(image.getNoiseMode()).isEqualTo("diffusion");
      assertThat(image.getMaskCoverage()).isBetween(0.001, 0.5);
      assertThat(f.blobs.get(image.getLesionMask().getUri())).isNotEmpty();
      ClinicalScore visual = scores.stream().filter(s -> s.getKind() == DispreferenceKind.LESION_NEGLECT).findFirst().orElseThrow();
      assertThat(visual.getMethod()).isEqualTo(ScoreMethod.VISUAL_CONFIDENCE);
      assertThat(visual.getRawScore()).isEqualTo(image.getVisualConfidence());
      ClinicalScore text = scores.stream().filter(s -> s.getKind() == DispreferenceKind.TEXT_HALLUCINATION).findFirst().orElseThrow();
      assertThat(text.getMethod()).isEqualTo(ScoreMethod.JUDGE_CONSENSUS);
      assertThat(text.getRounds()).isNotEmpty();
      assertThat(text.getRounds().get(0).getJudgements().get(0).getJudge()).isEqualTo("clinical-rules");

      // Everything about the pair has been assembled: the stores hold nothing more of it.
      KeyValueStore<String, ImageReportPair> pairs = f.driver.getKeyValueStore(PipelineTopology.PAIRS_STORE);
      KeyValueStore<String, DispreferredVariant> stored = f.driver.getKeyValueStore(PipelineTopology.VARIANTS_STORE);
      KeyValueStore<String, Integer> pending = f.driver.getKeyValueStore(PipelineTopology.PENDING_STORE);
      assertThat(pairs.get(pair.getPairId())).isNull();
      assertThat(pending.get(pair.getPairId())).isNull();
      assertThat(stored.approximateNumEntries()).isZero();
    }
  }

  @Test
  void shouldWeighByRunningStatisticsOnceEnoughScoresAreSeen() {
    try (TopologyFixture f = new TopologyFixture(dir, Map.of())) {
      for (int i = 0; i < 40; i++) {
        f.send(f.synthetic.pair(i));
      }
      List<PreferenceSample> samples = TopologyFixture.values(f.preferences);
      assertThat(f.deadLetters.isEmpty()).isTrue();
      assertThat(samples).hasSize(40 * 3 * 2);
      for (DispreferenceKind kind : List.of(DispreferenceKind.TEXT_HALLUCINATION, DispreferenceKind.LESION_NEGLECT)) {
        List<PreferenceSample> ofKind = samples.stream().filter(s -> s.getKind() == kind).toList();
        // The first scores of each kind (weight.min.count = 10) cannot be standardized yet.
        assertThat(ofKind.subList(0, 9)).allSatisfy(s -> {
          assertThat(s.getWeightScheme()).isEqualTo(WeightScheme.UNIFORM);
          assertThat(s.getWeight()).isEqualTo(1.0);
        });
        List<PreferenceSample> paper = ofKind.stream().filter(s -> s.getWeightScheme() == WeightScheme.PAPER).toList();
        assertThat(paper).hasSizeGreaterThan(ofKind.size() / 2);
        assertThat(paper).allSatisfy(s -> assertThat(s.getWeight()).isBetween(0.75, 1.25));
        double mean = paper.stream().mapToDouble(PreferenceSample::getWeight).average().orElseThrow();
        assertThat(mean).as(kind + " mean weight").isEqualTo(1.0, within(0.1));
        // Higher clinical scores get higher weights.
        PreferenceSample low = paper.stream().min(java.util.Comparator.comparingDouble(PreferenceSample::getRawScore)).orElseThrow();
        PreferenceSample high = paper.stream().max(java.util.Comparator.comparingDouble(PreferenceSample::getRawScore)).orElseThrow();
        if (high.getRawScore() > low.getRawScore()) {
          assertThat(high.getWeight()).isGreaterThanOrEqualTo(low.getWeight());
        }
      }
    }
  }

  @Test
  void shouldUseRawOrUniformWeightsWhenConfigured() {
    try (TopologyFixture f = new TopologyFixture(dir, Map.of(StreamsAppConfig.WEIGHT_SCHEME, "RAW"))) {
      f.send(abnormal(f));
      assertThat(TopologyFixture.values(f.preferences)).allSatisfy(s -> {
        assertThat(s.getWeightScheme()).isEqualTo(WeightScheme.RAW);
        assertThat(s.getWeight()).isEqualTo(s.getRawScore());
      });
    }
    try (TopologyFixture f = new TopologyFixture(dir.resolve("u"), Map.of(StreamsAppConfig.WEIGHT_SCHEME, "UNIFORM"))) {
      f.send(abnormal(f));
      assertThat(TopologyFixture.values(f.preferences)).allSatisfy(s -> assertThat(s.getWeight()).isEqualTo(1.0));
    }
  }

  /**
   * Under exactly-once, TopologyTestDriver (Kafka 4.3.1) does not capture the records a
   * deserialization handler returns (observed: the handler runs, nothing reaches the output
   * topic), so this test runs at-least-once; the embedded-broker integration test checks poison
   * pills under exactly-once.
   */
  @Test
  void shouldRoutePoisonPillsOnEveryInputToTheDeadLetterTopic() {
    try (TopologyFixture f = new TopologyFixture(dir, Map.of(StreamsAppConfig.GUARANTEE, "at_least_once"))) {
      byte[] garbage = "\u0000not avro at all".getBytes(StandardCharsets.UTF_8);
      f.raw(f.topics.pairs()).pipeInput("study-x".getBytes(StandardCharsets.UTF_8), garbage);
      f.raw(f.topics.variants()).pipeInput("study-y".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
      f.raw(f.topics.scores()).pipeInput(null, new byte[0]);
      ImageReportPair good = abnormal(f);
      f.send(good);
      List<TestRecord<byte[], byte[]>> raw = f.rawDeadLetters.readRecordsToList();
      assertThat(raw).hasSize(3);
      Map<String, String> headers = headers(raw.get(0).headers().toArray());
      assertThat(headers).containsEntry(DeadLetters.H_STAGE, "streams.deserialization")
          .containsEntry(DeadLetters.H_TOPIC, f.topics.pairs().name())
          .containsEntry(DeadLetters.H_PARTITION, "0")
          .containsEntry(DeadLetters.H_OFFSET, "0")
          .containsKey(DeadLetters.H_EXCEPTION).containsKey(DeadLetters.H_MESSAGE);
      DeadLetter letter = f.topics.dlq().valueSerde().deserializer().deserialize(f.topics.dlq().name(), raw.get(0).value());
      assertThat(letter.getReason()).isEqualTo("undecodable record");
      assertThat(letter.getOriginalValue().array()).isEqualTo(garbage);
      assertThat(new String(raw.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("study-x");
      // The good pair still makes all of its samples.
      assertThat(TopologyFixture.values(f.preferences)).hasSize(6);
    }
  }

  @Test
  void shouldDeadLetterTheImageSideOfAPairWhoseImageIsMissing() {
    try (TopologyFixture f = new TopologyFixture(dir, Map.of())) {
      ImageReportPair pair = abnormal(f);
      pair.getImage().setUri(dir.resolve("blobs/00/00/" + "0".repeat(64)).toUri().toString());
      f.send(pair);
      List<DeadLetter> letters = TopologyFixture.values(f.deadLetters);
      assertThat(letters).singleElement().satisfies(l -> {
        assertThat(l.getStage()).isEqualTo("streams." + PipelineTopology.LESION_NOISER);
        assertThat(l.getReason()).isEqualTo("image not found");
        assertThat(l.getSourceTopic()).isEqualTo(f.topics.pairs().name());
        assertThat(l.getOriginalValue()).isNotNull();
      });
      // Text samples for all three items still flow; counts in = out + dead letters per stage.
      assertThat(TopologyFixture.values(f.preferences)).hasSize(3)
          .allSatisfy(s -> assertThat(s.getKind()).isEqualTo(DispreferenceKind.TEXT_HALLUCINATION));
    }
  }

  @Test
  void shouldDeadLetterPairsThatBreakTheContract() {
    try (TopologyFixture f = new TopologyFixture(dir, Map.of())) {
      ImageReportPair wrongKey = f.synthetic.pair(1);
      f.pairs.pipeInput("another-study", wrongKey);
      ImageReportPair empty = f.synthetic.pair(2);
      empty.setFindings("");
      empty.setImpression(" ");
      empty.setVqa(List.of());
      f.send(empty);
      f.pairs.pipeInput("tombstone", null);
      List<String> reasons = TopologyFixture.values(f.deadLetters).stream().map(DeadLetter::getReason).toList();
      assertThat(reasons).containsExactly("key mismatch", "no items", "empty record");
      assertThat(f.preferences.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldDeadLetterScoresAndVariantsThatMatchNothing() {
    try (TopologyFixture f = new TopologyFixture(dir, Map.of())) {
      ImageReportPair pair = abnormal(f);
      f.send(pair);
      List<DispreferredVariant> variants = TopologyFixture.values(f.variants);
      List<ClinicalScore> scores = TopologyFixture.values(f.scores);
      TopologyFixture.values(f.preferences);
      // Replaying a score after its sample was assembled, and a variant of an unknown pair.
      f.typed(f.topics.scores()).pipeInput(pair.getStudyPseudonym(), scores.get(0));
      DispreferredVariant stranger = variants.get(0);
      stranger.setPairId("pair-unknown");
      f.typed(f.topics.variants()).pipeInput(pair.getStudyPseudonym(), stranger);
      List<DeadLetter> letters = TopologyFixture.values(f.deadLetters);
      assertThat(letters).extracting(DeadLetter::getReason).containsExactly("unknown variant", "unknown pair");
      assertThat(letters).extracting(DeadLetter::getStage)
          .containsExactly("streams." + PipelineTopology.ASSEMBLER, "streams." + PipelineTopology.JUDGE);
    }
  }

  @Test
  void shouldEnrichSamplesWithReferenceLogProbsWhenAScorerIsConfigured() {
    ReferenceLogps logps = ReferenceLogps.newBuilder().setChosenLogp(-3.5).setRejectedLogp(-9.25)
        .setModelVersion("base-1").build();
    try (TopologyFixture f = new TopologyFixture(dir, Map.of(), Optional.of((sample, deadline) -> Optional.of(logps)))) {
      f.send(abnormal(f));
      assertThat(TopologyFixture.values(f.preferences)).hasSize(6)
          .allSatisfy(s -> assertThat(s.getReference()).isEqualTo(logps));
    }
  }

  @Test
  void shouldMakeOnlyTheConfiguredKinds() {
    try (TopologyFixture f = new TopologyFixture(dir, Map.of(StreamsAppConfig.KINDS, "LESION_NEGLECT",
        StreamsAppConfig.NOISE_MODE, "replace"))) {
      f.send(abnormal(f));
      List<PreferenceSample> samples = TopologyFixture.values(f.preferences);
      assertThat(samples).hasSize(3).allSatisfy(s -> assertThat(s.getKind()).isEqualTo(DispreferenceKind.LESION_NEGLECT));
      assertThat(f.driver.producedTopicNames()).doesNotContain(f.topics.dlq().name());
    }
  }

  @Test
  void shouldNameEveryProcessorAndStore() {
    try (TopologyFixture f = new TopologyFixture(dir, Map.of())) {
      String description = org.mmedpo.streams.topology.PipelineTopology.build(f.config, f.topics,
          org.mmedpo.streams.StreamsApp.components(f.config, f.blobs, new StageTimings(), java.time.Clock.systemUTC()))
          .describe().toString();
      for (String name : List.of(PipelineTopology.PAIRS_SOURCE, PipelineTopology.VARIANTS_SOURCE,
          PipelineTopology.SCORES_SOURCE, PipelineTopology.PAIR_INTAKE, PipelineTopology.TEXT_HALLUCINATOR,
          PipelineTopology.LESION_NOISER, PipelineTopology.JUDGE, PipelineTopology.ASSEMBLER,
          PipelineTopology.VARIANTS_SINK, PipelineTopology.SCORES_SINK, PipelineTopology.PREFERENCES_SINK,
          PipelineTopology.PAIRS_STORE, PipelineTopology.PENDING_STORE, PipelineTopology.VARIANTS_STORE,
          PipelineTopology.STATS_STORE)) {
        assertThat(description).contains(name);
      }
      assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    }
  }

  private static Map<String, String> headers(Header[] headers) {
    Map<String, String> map = new java.util.HashMap<>();
    for (Header h : headers) {
      map.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
    }
    return map;
  }
}
