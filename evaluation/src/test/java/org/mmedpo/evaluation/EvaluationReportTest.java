package org.mmedpo.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mmedpo.evaluation.report.ReportScorer;
import org.mmedpo.evaluation.report.ReportScores;

class EvaluationReportTest {

  private final ReportScorer scorer = ReportScorer.create(Optional.empty());

  private EvaluationReport base() {
    EvaluationReport report = new EvaluationReport("base", scorer);
    report.addClosed("yes", "Yes, it is.");   // hit
    report.addClosed("no", "yes");            // miss
    report.addClosed("no", "No.");            // hit
    report.addOpen("left lung", "the left lung");                         // recall 1
    report.addOpen("left lower lobe", "lower lobe of the right lung");    // recall 2/3
    return report;
  }

  @Test
  void shouldAverageVqaItemsIntoAccuracyAndRecall() {
    EvaluationReport.Summary s = base().summary();
    assertThat(s.closedCount()).isEqualTo(3);
    assertThat(s.closedAccuracy()).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(s.openCount()).isEqualTo(2);
    assertThat(s.openRecall()).isCloseTo((1 + 2.0 / 3) / 2, within(1e-15));
    assertThat(s.reportCount()).isZero();
    assertThat(s.bleu1()).isNaN();
    assertThat(s.meteor()).isNaN();
  }

  @Test
  void shouldAverageReportItemsPerMetric() {
    EvaluationReport report = new EvaluationReport("aligned", scorer);
    ReportScores a = report.addReport("the cat sat on the mat", "the cat on the mat");
    ReportScores b = report.addReport("lungs are clear", "lung clearly");
    // ROUGE-L: LCS 5 of 6 and 5 tokens -> F1 = 2 (1)(5/6) / (11/6) = 10/11; no common token -> 0.
    assertThat(a.rougeL()).isCloseTo(10.0 / 11, within(1e-15));
    assertThat(b.rougeL()).isZero();
    // METEOR without synonyms (see MeteorTest): 48.4/59 and 5/29.
    assertThat(a.meteor()).isCloseTo(48.4 / 59, within(1e-12));
    assertThat(b.meteor()).isCloseTo(5.0 / 29, within(1e-12));

    EvaluationReport.Summary s = report.summary();
    assertThat(s.reportCount()).isEqualTo(2);
    assertThat(s.rougeL()).isCloseTo(5.0 / 11, within(1e-15));
    assertThat(s.meteor()).isCloseTo((48.4 / 59 + 5.0 / 29) / 2, within(1e-12));
    assertThat(s.bleu1()).isCloseTo((a.bleu1() + b.bleu1()) / 2, within(1e-15));
    assertThat(s.bleu4()).isCloseTo((a.bleu4() + b.bleu4()) / 2, within(1e-15));
    assertThat(s.bleu()).isCloseTo((a.bleu() + b.bleu()) / 2, within(1e-15));
    assertThat(s.closedAccuracy()).isNaN();
  }

  @Test
  void shouldNotCountAnItemWhoseGroundTruthIsEmpty() {
    EvaluationReport report = base();
    assertThatThrownBy(() -> report.addClosed("  ", "yes")).isInstanceOf(IllegalArgumentException.class);
    assertThat(report.summary().closedCount()).isEqualTo(3);
  }

  @Test
  void shouldPrintOneRowPerModelInPercent() {
    EvaluationReport aligned = new EvaluationReport("aligned-v3", scorer);
    aligned.addClosed("yes", "yes");
    aligned.addOpen("left lung", "left");          // recall 1/2
    aligned.addReport("the cat sat on the mat", "the cat sat on the mat");

    String table = EvaluationReport.table(List.of(base().summary(), aligned.summary()));

    // base: closed 2/3 = 66.67 %, open 5/6 = 83.33 %, no reports.
    // aligned: an exact 6-token copy: BLEU-n p_n = 1 for n <= 5 (p5 = 2/2), so method 5 gives
    // p1' = (2 + 1 + 1) / 3 = 4/3 and p_n' = (4/3 + 1 + 1)/3 = 10/9, then (10/9 + 2)/3 = 28/27, ...:
    // BLEU-1 = 133.33, BLEU-2 = sqrt(4/3 * 10/9) = 121.72, BLEU-3 = (4/3 * 10/9 * 28/27)^(1/3) = 115.39,
    // BLEU-4 = (4/3 * 10/9 * 28/27 * 82/81)^(1/4) = 111.67, BLEU = 120.53;
    // ROUGE-L = 100; METEOR = (1 - 0.5 (1/6)^3) * 1 = 99.77.
    assertThat(table).isEqualTo("""
        | model      | VQA closed | VQA open | BLEU-1 | BLEU-2 | BLEU-3 | BLEU-4 |   BLEU | ROUGE-L | METEOR | items (closed/open/reports) |
        |------------|-----------:|---------:|-------:|-------:|-------:|-------:|-------:|--------:|-------:|----------------------------:|
        | base       |      66.67 |    83.33 |      - |      - |      - |      - |      - |       - |      - |                       3/2/0 |
        | aligned-v3 |     100.00 |    50.00 | 133.33 | 121.72 | 115.39 | 111.67 | 120.53 |  100.00 |  99.77 |                       1/1/1 |

        Scores in %. VQA closed: accuracy (normalized answer is a substring of the prediction); \
        VQA open: recall of answer words; BLEU: mean of BLEU-1..4 (NLTK sentence_bleu, smoothing method7); \
        ROUGE-L: F1 (rouge_score); METEOR: NLTK meteor_score, \
        exact+stem (no WordNet: synonym stage off, scores may be lower than NLTK's).
        """);
  }
}
