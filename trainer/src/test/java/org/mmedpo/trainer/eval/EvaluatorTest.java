package org.mmedpo.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.text.Tokenizer;
import org.mmedpo.trainer.data.ToyStudies;
import org.mmedpo.trainer.data.TrainingExample;
import org.mmedpo.trainer.data.TrainingExamples;

class EvaluatorTest {

  /** Counts calls and alternates closed hits, so the expected figures are known. */
  static final class ScriptedMetrics implements TextMetrics {
    final List<String> predictions = new ArrayList<>();
    int closedCalls;

    @Override
    public boolean closedHit(String groundTruth, String prediction) {
      predictions.add(prediction);
      return closedCalls++ % 2 == 0;
    }

    @Override
    public double openRecall(String groundTruth, String prediction) {
      return 0.25;
    }

    @Override
    public ReportMetrics report(String reference, String prediction) {
      return new ReportMetrics(0.4, 0.3, 0.2, 0.1, 0.5, 0.6);
    }
  }

  @Test
  void shouldScoreEveryHeldOutExampleByItsTypeAndPrintOneRowPerModel() {
    List<TrainingExample> examples = TrainingExamples.of(ToyStudies.make(6, 2));
    long closed = examples.stream().filter(e -> e.type().name().equals("VQA_CLOSED")).count();
    long open = examples.stream().filter(e -> e.type().name().equals("VQA_OPEN")).count();
    Tokenizer tokenizer = Tokenizer.build(examples.stream()
        .flatMap(e -> java.util.stream.Stream.of(e.prompt(), e.response())).toList(), 1);
    ScriptedMetrics metrics = new ScriptedMetrics();
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), tokenizer, Device.cpu())) {
      Evaluator.Row row = new Evaluator(new Evaluator.Settings(0.2, 42, 4, 6), metrics)
          .evaluate("base-x", model, examples);
      assertThat(row.closedQuestions()).isEqualTo(closed);
      assertThat(row.closedAccuracy()).isEqualTo(Math.ceil(closed / 2.0) / closed);
      assertThat(row.openQuestions()).isEqualTo(open);
      assertThat(row.openRecall()).isEqualTo(0.25);
      assertThat(row.reports()).isEqualTo(6);
      assertThat(row.report().bleu()).isEqualTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(metrics.predictions).allSatisfy(p ->
          assertThat(Tokenizer.split(p).size()).isLessThanOrEqualTo(4));
      String table = Evaluator.table(List.of(row, row));
      assertThat(table.lines()).hasSize(4);
      assertThat(table).contains("base-x").contains("25.00").contains("50.00").contains("60.00");
    }
  }
}
