package org.mmedpo.dashboard.display;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level diff of the chosen and the rejected report: the longest common subsequence of
 * their tokens (words, ignoring case; whitespace matches whitespace) stays plain and the rest is
 * marked as changed on each side. It finds what a hallucination changed whatever operation made
 * it, including added and removed findings.
 */
public final class ReportDiff {

  /** Longest texts diffed, in tokens per side multiplied; beyond it nothing is marked. */
  static final long MAX_CELLS = 4_000_000;

  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*|\\s+|.",
      Pattern.DOTALL);

  private ReportDiff() {}

  /** A run of text, changed or not. */
  public record Segment(String text, boolean changed) {}

  /**
   * Both sides split into segments.
   *
   * @param compared false when the texts were too long to diff (nothing is marked then)
   */
  public record Result(List<Segment> chosen, List<Segment> rejected, boolean compared) {}

  /** Diffs {@code chosen} against {@code rejected}. */
  public static Result diff(String chosen, String rejected) {
    List<String> a = tokens(chosen);
    List<String> b = tokens(rejected);
    if ((long) a.size() * b.size() > MAX_CELLS) {
      return new Result(List.of(new Segment(chosen, false)), List.of(new Segment(rejected, false)), false);
    }
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = same(a.get(i), b.get(j)) ? lcs[i + 1][j + 1] + 1
            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    boolean[] keptA = new boolean[n];
    boolean[] keptB = new boolean[m];
    int i = 0;
    int j = 0;
    while (i < n && j < m) {
      if (same(a.get(i), b.get(j))) {
        keptA[i++] = true;
        keptB[j++] = true;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        i++;
      } else {
        j++;
      }
    }
    return new Result(segments(a, keptA), segments(b, keptB), true);
  }

  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(text == null ? "" : text);
    while (matcher.find()) {
      tokens.add(matcher.group());
    }
    return tokens;
  }

  private static boolean same(String x, String y) {
    boolean xSpace = x.isBlank();
    boolean ySpace = y.isBlank();
    return xSpace || ySpace ? xSpace && ySpace : x.equalsIgnoreCase(y);
  }

  /**
   * Joins tokens into segments; whitespace alone is never marked, so a changed phrase reads as
   * one mark per word rather than a highlighted gap.
   */
  private static List<Segment> segments(List<String> tokens, boolean[] kept) {
    List<Segment> segments = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    boolean runChanged = false;
    for (int k = 0; k < tokens.size(); k++) {
      String token = tokens.get(k);
      boolean changed = !kept[k] && !token.isBlank();
      if (run.length() > 0 && changed != runChanged) {
        segments.add(new Segment(run.toString(), runChanged));
        run.setLength(0);
      }
      runChanged = changed;
      run.append(token);
    }
    if (run.length() > 0) {
      segments.add(new Segment(run.toString(), runChanged));
    }
    return segments;
  }
}
