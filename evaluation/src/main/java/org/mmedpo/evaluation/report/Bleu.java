package org.mmedpo.evaluation.report;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence BLEU exactly as NLTK 3.8's
 * {@code sentence_bleu([reference], hypothesis, weights, smoothing_function=SmoothingFunction().method7)}
 * computes it, with one reference.
 *
 * <p>Steps: modified (clipped) n-gram precisions {@code p_n = matches_n / max(1, hyp n-grams)} for
 * n = 1..K where K is the number of weights; 0 if no unigram matches; otherwise smoothing method 7
 * = method 4 then method 5:
 * <ul>
 *   <li>method 4: the i-th zero precision (i = 1, 2, ...) becomes
 *       {@code ln(|hyp|) / (2^i * 5) / max(1, hyp n-grams)}, only if the hypothesis has more than
 *       one token;</li>
 *   <li>method 5: {@code p_n = (p_{n-1}' + p_n + p_{n+1}) / 3} from n = 1 up, where
 *       {@code p_0' = p_1 + 1}, {@code p_{n-1}'} is the already smoothed previous value,
 *       {@code p_{n+1}} the method-4 value of the next order, and, past the last order, NLTK
 *       uses the unsmoothed 5-gram precision whatever K is (so even BLEU-1 depends on 5-grams);</li>
 * </ul>
 * then {@code BLEU = BP * exp(sum_n w_n ln p_n)} over the positive {@code p_n}, with brevity penalty
 * {@code BP = 1} if {@code |hyp| > |ref|}, 0 if the hypothesis is empty, else {@code exp(1 - |ref|/|hyp|)}.
 * NLTK keeps the precisions as exact fractions where it can; doubles here agree to about 1e-15.
 *
 * <p>Method 5 adds 1 to the unigram precision before averaging, so method-7 scores are not bounded
 * by 1: an exact copy of a reference of five or more tokens scores BLEU-1 = 4/3 in NLTK, and here.
 *
 * <p>BLEU-n ({@link #bleuN}) uses the n uniform weights {@code (1/n, ..., 1/n)}: e.g. BLEU-2 is
 * {@code weights=(0.5, 0.5)}. Note that NLTK gives a different BLEU-2 for {@code (0.5, 0.5, 0, 0)},
 * because method 5 smooths every order the weights list; {@link #sentenceBleu} takes any weights to
 * reproduce either. Stateless and thread-safe.
 */
public final class Bleu {

  /** NLTK's {@code SmoothingFunction(k=5)}, the constant of method 4. */
  static final double METHOD4_K = 5.0;

  private Bleu() {}

  /**
   * BLEU-n with uniform weights over 1- to n-grams and smoothing method 7.
   *
   * @param reference the reference tokens
   * @param hypothesis the generated tokens
   * @param n the highest n-gram order, 1 to 4 for BLEU-1 to BLEU-4
   * @return the score, non-negative (and at most 4/3, see the class comment)
   */
  public static double bleuN(List<String> reference, List<String> hypothesis, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("BLEU order must be at least 1, got " + n);
    }
    double[] weights = new double[n];
    Arrays.fill(weights, 1.0 / n);
    return sentenceBleu(reference, hypothesis, weights);
  }

  /**
   * Sentence BLEU with the given n-gram weights (index 0 for unigrams) and smoothing method 7.
   *
   * @param reference the reference tokens
   * @param hypothesis the generated tokens
   * @param weights one weight per n-gram order, unigrams first
   * @return the score, non-negative
   */
  public static double sentenceBleu(List<String> reference, List<String> hypothesis, double[] weights) {
    int orders = weights.length;
    if (orders == 0) {
      throw new IllegalArgumentException("BLEU needs at least one weight");
    }
    long[] numerators = new long[orders];
    long[] denominators = new long[orders];
    for (int n = 1; n <= orders; n++) {
      long[] p = modifiedPrecision(reference, hypothesis, n);
      numerators[n - 1] = p[0];
      denominators[n - 1] = p[1];
    }
    if (numerators[0] == 0) {
      return 0.0;
    }
    int hypLength = hypothesis.size();
    double[] smoothed = method4(numerators, denominators, hypLength);
    long[] fifth = modifiedPrecision(reference, hypothesis, 5);
    smoothed = method5(smoothed, (double) fifth[0] / fifth[1]);

    double logSum = 0.0;
    for (int i = 0; i < orders; i++) {
      if (smoothed[i] > 0) {
        logSum += weights[i] * Math.log(smoothed[i]);
      }
    }
    return brevityPenalty(reference.size(), hypLength) * Math.exp(logSum);
  }

  /** {clipped matches, max(1, hypothesis n-grams)} for order n. */
  static long[] modifiedPrecision(List<String> reference, List<String> hypothesis, int n) {
    Map<List<String>, Integer> hypCounts = ngramCounts(hypothesis, n);
    Map<List<String>, Integer> refCounts = ngramCounts(reference, n);
    long matches = 0;
    long total = 0;
    for (Map.Entry<List<String>, Integer> e : hypCounts.entrySet()) {
      matches += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
      total += e.getValue();
    }
    return new long[] {matches, Math.max(1, total)};
  }

  private static Map<List<String>, Integer> ngramCounts(List<String> tokens, int n) {
    Map<List<String>, Integer> counts = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
    }
    return counts;
  }

  private static double[] method4(long[] numerators, long[] denominators, int hypLength) {
    double[] p = new double[numerators.length];
    int zeroCount = 1;
    for (int i = 0; i < p.length; i++) {
      if (numerators[i] == 0 && hypLength > 1) {
        double numerator = 1.0 / (Math.pow(2, zeroCount) * METHOD4_K / Math.log(hypLength));
        p[i] = numerator / denominators[i];
        zeroCount++;
      } else {
        p[i] = (double) numerators[i] / denominators[i];
      }
    }
    return p;
  }

  private static double[] method5(double[] p, double fivegramPrecision) {
    double[] next = new double[p.length + 1];
    System.arraycopy(p, 0, next, 0, p.length);
    next[p.length] = fivegramPrecision;
    double[] out = new double[p.length];
    double previous = p[0] + 1;
    for (int i = 0; i < p.length; i++) {
      out[i] = (previous + p[i] + next[i + 1]) / 3;
      previous = out[i];
    }
    return out;
  }

  /** NLTK's brevity penalty for one reference of length {@code refLength}. */
  static double brevityPenalty(int refLength, int hypLength) {
    if (hypLength > refLength) {
      return 1.0;
    }
    if (hypLength == 0) {
      return 0.0;
    }
    return Math.exp(1 - (double) refLength / hypLength);
  }
}
