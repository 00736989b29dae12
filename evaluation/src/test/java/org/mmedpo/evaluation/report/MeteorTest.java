package org.mmedpo.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class MeteorTest {

  private static final Offset<Double> EXACT = within(1e-12);
  private final Meteor plain = Meteor.withoutSynonyms();

  private static List<String> tokens(String text) {
    return ReportScorer.tokenize(text);
  }

  @Test
  void shouldPenalizeFragmentedExactMatches() {
    // ref "the cat sat on the mat" (6), hyp "the cat on the mat" (5).
    // Exact pass, hypothesis from last to first, each with the last matching reference word:
    //   mat(4)->mat(5), the(3)->the(4), on(2)->on(3), cat(1)->cat(1), the(0)->the(0): m = 5.
    // Sorted by hypothesis: (0,0) (1,1) | (2,3) (3,4) (4,5) -> 2 chunks.
    // P = 5/5, R = 5/6, Fmean = P R / (0.9 P + 0.1 R) = (5/6) / (0.9 + 1/12) = 50/59.
    // Penalty = 0.5 (2/5)^3 = 0.032; METEOR = (1 - 0.032) 50/59 = 48.4/59 = 0.820339 (NLTK: 0.8203389830508474).
    assertThat(plain.score(tokens("the cat sat on the mat"), tokens("the cat on the mat")))
        .isCloseTo(48.4 / 59, EXACT);
  }

  @Test
  void shouldMatchPorterStemsAfterExactWords() {
    // ref "lungs are clear", hyp "lung clearly": no exact match; stems lung/lung match,
    // clearli/clear do not. m = 1, P = 1/2, R = 1/3, Fmean = (1/6) / (0.45 + 1/30) = 10/29;
    // one chunk of one match, penalty 0.5 (1/1)^3 = 0.5; METEOR = 5/29 (NLTK: 0.17241379310344826).
    assertThat(plain.score(tokens("lungs are clear"), tokens("lung clearly"))).isCloseTo(5.0 / 29, EXACT);
  }

  @Test
  void shouldAlignRepeatedWordsGreedilyFromTheEnd() {
    // ref "mass left mass", hyp "mass mass": hyp(1)->ref(2), then hyp(0)->ref(0): chunks 2 of m = 2.
    // P = 1, R = 2/3, Fmean = (2/3) / (0.9 + 1/15) = 20/29; penalty 0.5 (2/2)^3 = 0.5 -> 10/29.
    assertThat(plain.score(tokens("mass left mass"), tokens("mass mass"))).isCloseTo(10.0 / 29, EXACT);
  }

  @Test
  void shouldIgnoreCase() {
    assertThat(plain.score(List.of("Heart", "NORMAL"), List.of("heart", "normal")))
        .isEqualTo(plain.score(List.of("heart", "normal"), List.of("heart", "normal")));
  }

  @Test
  void shouldScoreZeroForEmptySidesOrNoAlignment() {
    assertThat(plain.score(tokens("the lungs are clear"), List.of())).isZero();
    assertThat(plain.score(List.of(), tokens("the lungs are clear"))).isZero();
    assertThat(plain.score(tokens("cardiomegaly"), tokens("lungs are clear"))).isZero();
  }

  @Test
  void shouldMatchWordNetSynonymsOfTheHypothesisStem() {
    // "ticker" is a lemma of a synset of "heart": 1 more match than without WordNet.
    Meteor full = Meteor.withSynonyms(SystemWordNet.get());
    List<String> ref = tokens("heart murmur");
    List<String> hyp = tokens("ticker murmur");
    // Without: m = 1 (murmur), P = R = 1/2, Fmean = 1/2, penalty 0.5 -> 0.25.
    assertThat(plain.score(ref, hyp)).isCloseTo(0.25, EXACT);
    // With: m = 2 in one chunk, P = R = 1, penalty 0.5 (1/2)^3 = 1/16 -> 15/16.
    assertThat(full.score(ref, hyp)).isCloseTo(15.0 / 16, EXACT);
    assertThat(full.usesSynonyms()).isTrue();
    assertThat(full.matching()).contains("WordNet");
    assertThat(plain.matching()).contains("no WordNet");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("org.mmedpo.evaluation.report.NltkReference#CASES")
  void shouldMatchNltkMeteorScore(NltkReference.Case c) {
    List<String> ref = tokens(c.reference());
    List<String> hyp = tokens(c.hypothesis());
    assertThat(Meteor.withSynonyms(SystemWordNet.get()).score(ref, hyp)).as("with WordNet")
        .isCloseTo(c.meteor(), EXACT);
    assertThat(plain.score(ref, hyp)).as("exact and stem only").isCloseTo(c.meteorNoSynonyms(), EXACT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.mmedpo.evaluation.report.NltkReference#corpus")
  void shouldMatchNltkOnThreeHundredReportPairs(NltkReference.Case c) {
    assertThat(Meteor.withSynonyms(SystemWordNet.get()).score(tokens(c.reference()), tokens(c.hypothesis())))
        .isCloseTo(c.meteor(), EXACT);
  }
}
