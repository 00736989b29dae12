package org.mmedpo.evaluation.report;

import java.util.ArrayList;
import java.util.List;
import org.mmedpo.evaluation.text.PythonText;

/**
 * ROUGE-L F-measure as Google's {@code rouge_score} package (0.1.2, the version the MMed-RAG code
 * base pins) computes {@code RougeScorer(["rougeL"]).score(target, prediction)["rougeL"].fmeasure}
 * with its default {@code use_stemmer=False}.
 *
 * <p>Both texts are tokenized by rouge_score's rule: lower-case, every run of characters other than
 * ASCII {@code a-z0-9} becomes a separator (so punctuation and non-ASCII letters vanish). With L the
 * length of the longest common subsequence of the token lists, {@code P = L / |prediction|},
 * {@code R = L / |target|} and {@code F = 2PR / (P + R)}: the balanced F1 (beta = 1), not the
 * beta = 1.2 F of pycocoevalcap's ROUGE-L. F is 0 when either side has no token. Whole texts are
 * compared as one sequence ({@code rougeL}, not the newline-split {@code rougeLsum}).
 * Stateless and thread-safe.
 */
public final class RougeL {

  private RougeL() {}

  /**
   * The ROUGE-L F1 of {@code prediction} against {@code target}.
   *
   * @param target the reference text
   * @param prediction the generated text
   * @return a score in [0, 1]
   */
  public static double fMeasure(String target, String prediction) {
    return fMeasure(tokenize(target), tokenize(prediction));
  }

  /** The ROUGE-L F1 of two token lists, compared as given. */
  public static double fMeasure(List<String> target, List<String> prediction) {
    if (target.isEmpty() || prediction.isEmpty()) {
      return 0.0;
    }
    int lcs = lcsLength(target, prediction);
    double precision = (double) lcs / prediction.size();
    double recall = (double) lcs / target.size();
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
  }

  /** rouge_score's default tokenizer: lower-case, split on anything but ASCII letters and digits. */
  public static List<String> tokenize(String text) {
    String lower = PythonText.lower(text);
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= lower.length(); i++) {
      boolean alnum = i < lower.length() && isAsciiAlnum(lower.charAt(i));
      if (alnum && start < 0) {
        start = i;
      } else if (!alnum && start >= 0) {
        tokens.add(lower.substring(start, i));
        start = -1;
      }
    }
    return tokens;
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** Length of the longest common subsequence, by dynamic programming in O(|a| |b|) time, O(|b|) space. */
  static int lcsLength(List<String> a, List<String> b) {
    int[] previous = new int[b.size() + 1];
    int[] current = new int[b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        current[j] = a.get(i - 1).equals(b.get(j - 1))
            ? previous[j - 1] + 1
            : Math.max(previous[j], current[j - 1]);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.size()];
  }
}
