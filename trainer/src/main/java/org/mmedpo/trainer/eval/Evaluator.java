package org.mmedpo.trainer.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mmedpo.model.Decoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.mmedpo.model.MedVlm;
import org.mmedpo.trainer.data.TrainingExample;

/**
 * Generates an answer or report for every held-out example and scores it: closed accuracy, open
 * recall, and BLEU-1..4 (their mean is BLEU), ROUGE-L F and METEOR over reports.
 */
public final class Evaluator {

  private static final Logger log = LoggerFactory.getLogger(Evaluator.class);

  /**
   * Decoding settings of evaluation.
   *
   * @param temperature 0 for greedy; the paper samples at 0.2
   * @param seed sampling seed (each example uses seed + its index, so reruns agree)
   * @param maxNewTokensVqa token limit of answers (the paper's 64)
   * @param maxNewTokensReport token limit of reports
   */
  public record Settings(double temperature, long seed, int maxNewTokensVqa,
      int maxNewTokensReport) {}

  /**
   * One model's scores, all in [0, 1].
   *
   * @param model the label of the model (version or path)
   * @param closedQuestions closed questions scored
   * @param closedAccuracy closed-question accuracy
   * @param openQuestions open questions scored
   * @param openRecall mean open-question recall
   * @param reports reports scored
   * @param report mean report scores
   * @param seconds evaluation wall-clock time
   */
  public record Row(String model, int closedQuestions, double closedAccuracy, int openQuestions,
      double openRecall, int reports, TextMetrics.ReportMetrics report, double seconds) {}

  private final Settings settings;
  private final TextMetrics metrics;

  public Evaluator(Settings settings, TextMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /** Scores {@code model} on {@code examples}. */
  public Row evaluate(String label, MedVlm model, List<TrainingExample> examples) {
    long started = System.nanoTime();
    Map<String, float[]> images = new HashMap<>();
    int closed = 0;
    int closedHits = 0;
    int open = 0;
    double recall = 0;
    int reports = 0;
    double[] sums = new double[6];
    for (int i = 0; i < examples.size(); i++) {
      TrainingExample e = examples.get(i);
      float[] image = images.computeIfAbsent(e.studyId(), id -> model.prepare(e.image()));
      int limit = switch (e.type()) {
        case REPORT -> settings.maxNewTokensReport();
        default -> settings.maxNewTokensVqa();
      };
      String prediction = model.generate(image, e.prompt(),
          new Decoding(settings.temperature(), limit, settings.seed() + i));
      log.debug("{} {} expected [{}] generated [{}]", label, e.type(), e.response(), prediction);
      switch (e.type()) {
        case VQA_CLOSED -> {
          closed++;
          closedHits += metrics.closedHit(e.response(), prediction) ? 1 : 0;
        }
        case VQA_OPEN -> {
          open++;
          recall += metrics.openRecall(e.response(), prediction);
        }
        case REPORT -> {
          reports++;
          TextMetrics.ReportMetrics r = metrics.report(e.response(), prediction);
          double[] v = {r.bleu1(), r.bleu2(), r.bleu3(), r.bleu4(), r.rougeL(), r.meteor()};
          for (int k = 0; k < 6; k++) {
            sums[k] += v[k];
          }
        }
        default -> throw new IllegalArgumentException("example " + e.exampleId()
            + " has no item type");
      }
    }
    double n = Math.max(1, reports);
    TextMetrics.ReportMetrics mean = new TextMetrics.ReportMetrics(sums[0] / n, sums[1] / n,
        sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n);
    return new Row(label, closed, closed == 0 ? 0 : (double) closedHits / closed, open,
        open == 0 ? 0 : recall / open, reports, mean, (System.nanoTime() - started) / 1e9);
  }

  /** The rows as a fixed-width table, in percent. */
  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-28s %8s %8s %7s %7s %7s %7s %7s %8s %7s%n", "MODEL", "CLOSED",
        "OPEN-R", "BLEU-1", "BLEU-2", "BLEU-3", "BLEU-4", "BLEU", "ROUGE-L", "METEOR"));
    for (Row r : rows) {
      TextMetrics.ReportMetrics m = r.report();
      sb.append(String.format("%-28s %8.2f %8.2f %7.2f %7.2f %7.2f %7.2f %7.2f %8.2f %7.2f%n",
          r.model(), 100 * r.closedAccuracy(), 100 * r.openRecall(), 100 * m.bleu1(),
          100 * m.bleu2(), 100 * m.bleu3(), 100 * m.bleu4(), 100 * m.bleu(), 100 * m.rougeL(),
          100 * m.meteor()));
    }
    if (!rows.isEmpty()) {
      Row r = rows.get(0);
      sb.append(String.format("(%d closed, %d open questions, %d reports; percent)%n",
          r.closedQuestions(), r.openQuestions(), r.reports()));
    }
    return sb.toString();
  }
}
