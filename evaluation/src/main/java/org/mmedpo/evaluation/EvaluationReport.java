package org.mmedpo.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.mmedpo.evaluation.report.ReportScorer;
import org.mmedpo.evaluation.report.ReportScores;
import org.mmedpo.evaluation.vqa.MedVqa;

/**
 * Accumulates the per-item scores of one model on an evaluation set and summarizes them as the
 * MMedPO paper's table does: Med-VQA closed accuracy and open recall, report BLEU-1 to BLEU-4,
 * BLEU (their mean), ROUGE-L F and METEOR, each the mean over its items.
 *
 * <p>Use one report per model:
 * <pre>{@code
 * ReportScorer scorer = ReportScorer.withDefaultWordNet();   // load once, share
 * EvaluationReport base = new EvaluationReport("base", scorer);
 * base.addClosed("yes", generatedAnswer);
 * base.addOpen("left lung", generatedAnswer);
 * base.addReport(referenceReport, generatedReport);
 * System.out.println(EvaluationReport.table(List.of(base.summary(), aligned.summary())));
 * }</pre>
 * Arguments are always (ground truth, prediction). Not thread-safe: feed it from one thread.
 */
public final class EvaluationReport {

  private final String model;
  private final ReportScorer scorer;
  private long closedCount;
  private long closedHits;
  private long openCount;
  private double openRecallSum;
  private long reportCount;
  private final double[] reportSums = new double[6];

  /**
   * @param model the name shown in the table (a model version or path)
   * @param scorer the report scorer; share one, since it holds the WordNet database
   */
  public EvaluationReport(String model, ReportScorer scorer) {
    this.model = Objects.requireNonNull(model, "model");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
  }

  /**
   * Scores one closed (yes/no) question and adds it.
   *
   * @param groundTruth the reference answer
   * @param prediction the model's answer
   * @return whether the prediction was a hit
   * @throws IllegalArgumentException if the ground truth is empty after normalization (not added)
   */
  public boolean addClosed(String groundTruth, String prediction) {
    boolean hit = MedVqa.closedHit(groundTruth, prediction);
    closedCount++;
    if (hit) {
      closedHits++;
    }
    return hit;
  }

  /**
   * Scores one open question and adds it.
   *
   * @param groundTruth the reference answer
   * @param prediction the model's answer
   * @return the recall of the ground-truth words, in [0, 1]
   * @throws IllegalArgumentException if the ground truth is empty after normalization (not added)
   */
  public double addOpen(String groundTruth, String prediction) {
    double recall = MedVqa.openRecall(groundTruth, prediction);
    openCount++;
    openRecallSum += recall;
    return recall;
  }

  /**
   * Scores one generated report against its reference and adds it.
   *
   * @param reference the reference report
   * @param prediction the model's report
   * @return the item's scores
   */
  public ReportScores addReport(String reference, String prediction) {
    ReportScores s = scorer.score(reference, prediction);
    double[] values = {s.bleu1(), s.bleu2(), s.bleu3(), s.bleu4(), s.rougeL(), s.meteor()};
    for (int i = 0; i < values.length; i++) {
      reportSums[i] += values[i];
    }
    reportCount++;
    return s;
  }

  /** The means so far (NaN for a metric with no items) and the item counts. */
  public Summary summary() {
    double closedAccuracy = closedCount == 0 ? Double.NaN : (double) closedHits / closedCount;
    double openRecall = openCount == 0 ? Double.NaN : openRecallSum / openCount;
    double[] means = new double[reportSums.length];
    for (int i = 0; i < means.length; i++) {
      means[i] = reportCount == 0 ? Double.NaN : reportSums[i] / reportCount;
    }
    return new Summary(model, closedCount, closedAccuracy, openCount, openRecall, reportCount,
        means[0], means[1], means[2], means[3], means[4], means[5], scorer.meteorMatching());
  }

  /**
   * One model's results; every score is a mean fraction (in [0, 1], except that method-7 BLEU can
   * exceed 1 slightly, see {@link org.mmedpo.evaluation.report.Bleu}), or NaN when no item of its
   * kind was added.
   *
   * @param model the model name
   * @param closedCount closed questions scored
   * @param closedAccuracy share of closed questions hit
   * @param openCount open questions scored
   * @param openRecall mean open-question recall
   * @param reportCount reports scored
   * @param bleu1 mean BLEU-1
   * @param bleu2 mean BLEU-2
   * @param bleu3 mean BLEU-3
   * @param bleu4 mean BLEU-4
   * @param rougeL mean ROUGE-L F1
   * @param meteor mean METEOR
   * @param meteorMatching which METEOR matching stages ran (synonyms or not)
   */
  public record Summary(String model, long closedCount, double closedAccuracy, long openCount,
      double openRecall, long reportCount, double bleu1, double bleu2, double bleu3, double bleu4,
      double rougeL, double meteor, String meteorMatching) {

    /** Mean BLEU as the paper reports it: the mean of BLEU-1 to BLEU-4. */
    public double bleu() {
      return (bleu1 + bleu2 + bleu3 + bleu4) / 4;
    }
  }

  private static final String[] HEADER = {"model", "VQA closed", "VQA open", "BLEU-1", "BLEU-2",
      "BLEU-3", "BLEU-4", "BLEU", "ROUGE-L", "METEOR", "items (closed/open/reports)"};

  /**
   * A Markdown table comparing models, one row per summary, scores in percent with two decimals
   * like the paper's table ({@code 53.99}), {@code -} where a model has no items of a kind, and a
   * note on how each metric was computed.
   */
  public static String table(List<Summary> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (Summary s : rows) {
      cells.add(new String[] {s.model(), percent(s.closedAccuracy()), percent(s.openRecall()),
          percent(s.bleu1()), percent(s.bleu2()), percent(s.bleu3()), percent(s.bleu4()),
          percent(s.bleu()), percent(s.rougeL()), percent(s.meteor()),
          s.closedCount() + "/" + s.openCount() + "/" + s.reportCount()});
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : cells) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, cells.get(0), widths);
    out.append('|');
    for (int c = 0; c < widths.length; c++) {
      out.append(c == 0 ? "-".repeat(widths[c] + 2) : "-".repeat(widths[c] + 1) + ":").append('|');
    }
    out.append('\n');
    for (String[] row : cells.subList(1, cells.size())) {
      appendRow(out, row, widths);
    }
    out.append("\nScores in %. VQA closed: accuracy (normalized answer is a substring of the prediction);"
        + " VQA open: recall of answer words; BLEU: mean of BLEU-1..4 (NLTK sentence_bleu, smoothing"
        + " method7); ROUGE-L: F1 (rouge_score); METEOR: NLTK meteor_score, ");
    Set<String> matchings = new LinkedHashSet<>();
    rows.forEach(s -> matchings.add(s.meteorMatching()));
    if (matchings.size() == 1) {
      out.append(matchings.iterator().next()).append(".\n");
    } else {
      List<String> perModel = new ArrayList<>();
      rows.forEach(s -> perModel.add(s.model() + ": " + s.meteorMatching()));
      out.append(String.join("; ", perModel)).append(".\n");
    }
    return out.toString();
  }

  private static void appendRow(StringBuilder out, String[] row, int[] widths) {
    out.append('|');
    for (int c = 0; c < row.length; c++) {
      String cell = row[c];
      String pad = " ".repeat(widths[c] - cell.length());
      out.append(' ').append(c == 0 ? cell + pad : pad + cell).append(" |");
    }
    out.append('\n');
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
  }
}
