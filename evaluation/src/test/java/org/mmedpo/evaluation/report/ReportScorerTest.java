package org.mmedpo.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportScorerTest {

  @Test
  void shouldTokenizeLikePythonLowerSplit() {
    assertThat(ReportScorer.tokenize("  The HEART\tis\u00a0normal.\n"))
        .containsExactly("the", "heart", "is", "normal.");
    assertThat(ReportScorer.tokenize(" \t\n")).isEmpty();
  }

  @Test
  void shouldCombineTheMetricsOfOnePairLikeNltkAndRougeScore() {
    NltkReference.Case c = NltkReference.CASES.stream()
        .filter(x -> x.name().equals("typicalReport")).findFirst().orElseThrow();
    ReportScores s = ReportScorer.create(Optional.of(SystemWordNet.get())).score(c.reference(), c.hypothesis());
    assertThat(s.bleu1()).isCloseTo(c.bleu1(), within(1e-12));
    assertThat(s.bleu4()).isCloseTo(c.bleu4(), within(1e-12));
    assertThat(s.bleu()).isCloseTo((c.bleu1() + c.bleu2() + c.bleu3() + c.bleu4()) / 4, within(1e-12));
    assertThat(s.meteor()).isCloseTo(c.meteor(), within(1e-12));
    assertThat(s.rougeL()).isEqualTo(RougeL.fMeasure(c.reference(), c.hypothesis()));
  }

  @Test
  void shouldScoreAnEmptyPredictionZeroOnEveryMetric() {
    ReportScores s = ReportScorer.create(Optional.empty()).score("The lungs are clear.", "");
    assertThat(s).isEqualTo(new ReportScores(0, 0, 0, 0, 0, 0));
  }

  @Test
  void shouldSayWhetherMeteorHasSynonyms() {
    assertThat(ReportScorer.create(Optional.empty()).meteorUsesSynonyms()).isFalse();
    assertThat(ReportScorer.create(Optional.of(SystemWordNet.get())).meteorUsesSynonyms()).isTrue();
    assertThat(ReportScorer.withDefaultWordNet().meteorMatching()).contains("WordNet synonyms");
  }
}
