package org.mmedpo.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class BleuTest {

  private static final Offset<Double> EXACT = within(1e-12);

  private static List<String> tokens(String text) {
    return ReportScorer.tokenize(text);
  }

  @Test
  void shouldSmoothAHypothesisShorterThanFourTokensLikeNltkMethod7() {
    // ref "a b c d" (4 tokens), hyp "a b" (2 tokens).
    // Clipped precisions: p1 = 2/2, p2 = 1/1 ("a b"), p3 = 0/1, p4 = 0/1 (no 3-, 4-grams; denominator max(1, 0)), p5 = 0/1.
    // Brevity penalty: |hyp| = 2 <= |ref| = 4, BP = exp(1 - 4/2) = e^-1.
    List<String> ref = tokens("a b c d");
    List<String> hyp = tokens("a b");
    double bp = Math.exp(-1);

    // BLEU-1, weights (1): method 4 leaves p1 = 1; method 5 with p0' = p1 + 1 = 2 and, past the
    // last order, the 5-gram precision 0: p1' = (2 + 1 + 0) / 3 = 1. BLEU-1 = e^-1 * 1.
    assertThat(Bleu.bleuN(ref, hyp, 1)).isCloseTo(bp * 1.0, EXACT);

    // BLEU-2, weights (1/2, 1/2): p1' = (2 + 1 + p2 = 1) / 3 = 4/3; p2' = (4/3 + 1 + p5 = 0) / 3 = 7/9.
    // BLEU-2 = e^-1 * (4/3 * 7/9)^(1/2) = e^-1 * sqrt(28/27) = 0.374630...
    assertThat(Bleu.bleuN(ref, hyp, 2)).isCloseTo(bp * Math.sqrt(28.0 / 27.0), EXACT)
        .isCloseTo(0.37463008573026413, EXACT); // NLTK's value

    // BLEU-4, weights (1/4 x 4): method 4 replaces the zero p3 and p4 (|hyp| = 2 > 1):
    //   p3 = 1 / (2^1 * 5 / ln 2) / 1 = ln2 / 10, p4 = 1 / (2^2 * 5 / ln 2) / 1 = ln2 / 20.
    // method 5: p1' = (2 + 1 + 1) / 3 = 4/3
    //           p2' = (4/3 + 1 + ln2/10) / 3
    //           p3' = (p2' + ln2/10 + ln2/20) / 3
    //           p4' = (p3' + ln2/20 + p5 = 0) / 3
    double ln2 = Math.log(2);
    double p1 = 4.0 / 3;
    double p2 = (p1 + 1 + ln2 / 10) / 3;
    double p3 = (p2 + ln2 / 10 + ln2 / 20) / 3;
    double p4 = (p3 + ln2 / 20 + 0) / 3;
    assertThat(Bleu.bleuN(ref, hyp, 4)).isCloseTo(bp * Math.pow(p1 * p2 * p3 * p4, 0.25), EXACT)
        .isCloseTo(0.16035790099156189, EXACT); // NLTK's value
  }

  @Test
  void shouldClipRepeatedTokensByTheirReferenceCount() {
    // ref "the cat", hyp "the the the": "the" occurs once in the reference, so p1 = min(3, 1) / 3 = 1/3.
    // |hyp| = 3 > |ref| = 2, BP = 1. BLEU-1: p1' = (1/3 + 1 + 1/3 + p5 = 0) / 3 = 5/9.
    assertThat(Bleu.bleuN(tokens("the cat"), tokens("the the the"), 1)).isCloseTo(5.0 / 9, EXACT);
  }

  @Test
  void shouldScoreAnExactCopyAboveOneAsNltkDoes() {
    // 7 identical tokens: p1..p5 = 1, BP = 1; BLEU-1: p1' = (1 + 1 + 1 + p5 = 1) / 3 = 4/3.
    List<String> sentence = tokens("the heart is normal in size .");
    assertThat(Bleu.bleuN(sentence, sentence, 1)).isCloseTo(4.0 / 3, EXACT);
  }

  @Test
  void shouldScoreZeroWithoutAnyUnigramMatchOrWithAnEmptySide() {
    assertThat(Bleu.bleuN(tokens("cardiomegaly"), tokens("lungs are clear"), 4)).isZero();
    assertThat(Bleu.bleuN(tokens("the lungs are clear"), List.of(), 4)).isZero();
    assertThat(Bleu.bleuN(List.of(), tokens("the lungs are clear"), 4)).isZero();
  }

  @Test
  void shouldBeCaseSensitiveOnTheTokensItIsGiven() {
    // ReportScorer lower-cases; Bleu itself compares tokens as given, as NLTK does.
    assertThat(Bleu.bleuN(List.of("Heart"), List.of("heart"), 1)).isZero();
  }

  @Test
  void shouldSmoothEveryOrderTheWeightsListEvenWithZeroWeight() {
    // NLTK: (0.5, 0.5) and (0.5, 0.5, 0, 0) differ, because method 5 averages p2 with p3 in the latter.
    List<String> ref = tokens("a b c d");
    List<String> hyp = tokens("a b");
    assertThat(Bleu.sentenceBleu(ref, hyp, new double[] {0.5, 0.5, 0, 0}))
        .isNotCloseTo(Bleu.bleuN(ref, hyp, 2), within(1e-3));
  }

  @Test
  void shouldRejectMeaninglessOrders() {
    assertThatThrownBy(() -> Bleu.bleuN(List.of("a"), List.of("a"), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bleu.sentenceBleu(List.of("a"), List.of("a"), new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("org.mmedpo.evaluation.report.NltkReference#CASES")
  void shouldMatchNltkSentenceBleuWithMethod7(NltkReference.Case c) {
    List<String> ref = tokens(c.reference());
    List<String> hyp = tokens(c.hypothesis());
    assertThat(Bleu.bleuN(ref, hyp, 1)).as("BLEU-1").isCloseTo(c.bleu1(), EXACT);
    assertThat(Bleu.bleuN(ref, hyp, 2)).as("BLEU-2").isCloseTo(c.bleu2(), EXACT);
    assertThat(Bleu.bleuN(ref, hyp, 3)).as("BLEU-3").isCloseTo(c.bleu3(), EXACT);
    assertThat(Bleu.bleuN(ref, hyp, 4)).as("BLEU-4").isCloseTo(c.bleu4(), EXACT);
    assertThat(Bleu.sentenceBleu(ref, hyp, new double[] {0.5, 0.5, 0, 0}))
        .as("BLEU-2 with weights (0.5, 0.5, 0, 0)").isCloseTo(c.bleu2Padded(), EXACT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.mmedpo.evaluation.report.NltkReference#corpus")
  void shouldMatchNltkOnThreeHundredReportPairs(NltkReference.Case c) {
    List<String> ref = tokens(c.reference());
    List<String> hyp = tokens(c.hypothesis());
    assertThat(new double[] {Bleu.bleuN(ref, hyp, 1), Bleu.bleuN(ref, hyp, 2), Bleu.bleuN(ref, hyp, 3),
        Bleu.bleuN(ref, hyp, 4)})
        .containsExactly(new double[] {c.bleu1(), c.bleu2(), c.bleu3(), c.bleu4()}, EXACT);
  }
}
