package org.mmedpo.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.events.ItemType;
import org.mmedpo.trainer.data.TrainingExample;
import org.mmedpo.trainer.eval.Evaluator;
import org.mmedpo.trainer.eval.TextMetrics;

class ExperimentTableTest {

  private static Evaluator.Row row(double closed, double bleuEach) {
    return new Evaluator.Row("m", 10, closed, 4, 0.5, 2,
        new TextMetrics.ReportMetrics(bleuEach, bleuEach, bleuEach, bleuEach, 0.25, 0.125), 1.0);
  }

  @Test
  void shouldReportMeanAndSampleSdOverSeedsInPercent() {
    Map<String, List<Evaluator.Row>> rows = new LinkedHashMap<>();
    // closed accuracy 0.60, 0.70, 0.80: mean 70.00, sample sd 10.00
    rows.put("+ MMedPO", List.of(row(0.6, 0.1), row(0.7, 0.2), row(0.8, 0.3)));
    List<TrainingExample> heldOut = List.of(
        new TrainingExample("a/report", "a", GrayImage.blank(2, 2, 16), "p", "r", ItemType.REPORT),
        new TrainingExample("b/report", "b", GrayImage.blank(2, 2, 16), "p", "r", ItemType.REPORT));

    String table = ExperimentRun.table(rows, heldOut, 123, 4.0);

    assertThat(table).contains("| + MMedPO | 70.00 ± 10.00 | 50.00 ± 0.00 | 20.00 ± 10.00 | 25.00 ± 0.00 | 12.50 ± 0.00 |");
    assertThat(table).contains("over 3 seeds", "on 2 held-out studies", "10 closed and 4 open questions, 2 reports",
        "123 preference samples", "4 min in all");
  }

  @Test
  void shouldShowASingleSeedWithoutSd() {
    Map<String, List<Evaluator.Row>> rows = Map.of("base", List.of(row(0.5, 0.2)));
    assertThat(ExperimentRun.table(rows, List.of(new TrainingExample("a/r", "a",
        GrayImage.blank(2, 2, 16), "p", "r", ItemType.REPORT)), 1, 1))
        .contains("| base | 50.00 | 50.00 | 20.00 | 25.00 | 12.50 |");
  }
}
