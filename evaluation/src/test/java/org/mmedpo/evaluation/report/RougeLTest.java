package org.mmedpo.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RougeLTest {

  private static final Offset<Double> EXACT = within(1e-12);

  @Test
  void shouldBeTheF1OfTheLongestCommonSubsequence() {
    // target "the cat sat on the mat" (6), prediction "the cat on mat" (4): LCS "the cat on mat" = 4.
    // P = 4/4 = 1, R = 4/6 = 2/3, F1 = 2 P R / (P + R) = (4/3) / (5/3) = 0.8.
    assertThat(RougeL.fMeasure("the cat sat on the mat", "the cat on mat")).isCloseTo(0.8, EXACT);
  }

  @Test
  void shouldUseBetaOneNotPycocoevalcapsBetaOnePointTwo() {
    // target "a b c d" (4), prediction "a b" (2): LCS 2, P = 1, R = 1/2.
    // F1 = 2 (1)(1/2) / (3/2) = 2/3; the beta = 1.2 F would be (1 + 1.44) P R / (R + 1.44 P) = 1.22 / 1.94 = 0.6289.
    assertThat(RougeL.fMeasure("a b c d", "a b")).isCloseTo(2.0 / 3, EXACT);
  }

  @Test
  void shouldCountOrderAndRepetitions() {
    // "a b c" vs "c b a": LCS 1, P = R = 1/3, F1 = 1/3.
    assertThat(RougeL.fMeasure("a b c", "c b a")).isCloseTo(1.0 / 3, EXACT);
    // target "a a b" (3), prediction "a a a a" (4): LCS "a a" = 2, P = 2/4, R = 2/3,
    // F1 = 2 (1/2)(2/3) / (1/2 + 2/3) = (2/3) / (7/6) = 4/7.
    assertThat(RougeL.fMeasure("a a b", "a a a a")).isCloseTo(4.0 / 7, EXACT);
  }

  @Test
  void shouldIgnoreCaseAndPunctuationLikeRougeScore() {
    // [the, heart, is, normal] vs [heart, normal]: LCS 2, P = 1, R = 1/2, F1 = 2/3.
    assertThat(RougeL.fMeasure("The heart, is NORMAL.", "heart normal!!")).isCloseTo(2.0 / 3, EXACT);
    assertThat(RougeL.tokenize("Naïve café: 3.5cm, x-ray")).containsExactly("na", "ve", "caf", "3", "5cm", "x", "ray");
  }

  @Test
  void shouldScoreZeroWhenEitherSideHasNoToken() {
    assertThat(RougeL.fMeasure("", "the lungs are clear")).isZero();
    assertThat(RougeL.fMeasure("the lungs are clear", "")).isZero();
    assertThat(RougeL.fMeasure("the lungs are clear", "... !!")).isZero();
    assertThat(RougeL.fMeasure("cardiomegaly", "lungs are clear")).isZero();
  }

  @Test
  void shouldFindTheLongestCommonSubsequenceLength() {
    assertThat(RougeL.lcsLength(List.of("a", "b", "c", "b", "d", "a", "b"), List.of("b", "d", "c", "a", "b", "a")))
        .isEqualTo(4); // the textbook example: "b c b a"
    assertThat(RougeL.lcsLength(List.of(), List.of("a"))).isZero();
  }
}
