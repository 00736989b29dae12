package org.mmedpo.trainer.sft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmedpo.model.FreedJavaBuffers;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.VlmSample;
import org.mmedpo.model.text.Tokenizer;
import org.mmedpo.trainer.data.ToyStudies;
import org.mmedpo.trainer.data.TrainingExample;
import org.mmedpo.trainer.data.TrainingExamples;

class SftTrainerTest {

  @Test
  void shouldLearnToAnswerClosedQuestionsFromTheImageAboveTheMajorityRate() {
    List<TrainingExample> all = TrainingExamples.of(ToyStudies.make(160, 5));
    List<TrainingExample> train = TrainingExamples.train(all, 20);
    List<TrainingExample> val = TrainingExamples.validation(all, 20);
    Tokenizer tokenizer = Tokenizer.build(all.stream()
        .flatMap(e -> java.util.stream.Stream.of(e.prompt(), e.response())).toList(), 1);
    ModelConfig config = new ModelConfig(16, 4, 32, 1, 32, 2, 2, 2, 40, 3);
    try (MedVlm model = MedVlm.create(config, tokenizer, Device.cpu())) {
      double[] before = SftTrainer.closedAccuracy(model, val);
      SftTrainer.Result result = new SftTrainer(
          new SftTrainer.Settings(12, 16, 3e-3, 10, 3, 120, 1)).train(model, train, val);
      double[] after = SftTrainer.closedAccuracy(model, val);
      assertThat(result.bestValidationLoss()).isLessThan(result.validationLosses().get(0));
      assertThat(after[0]).as("accuracy %s vs majority %s (before %s), %s", after[0], after[1],
          before[0], result).isGreaterThan(after[1] + 0.15);
    }
  }

  @Test
  void shouldStopAfterTheStepInWhichItIsAskedTo() {
    List<TrainingExample> all = TrainingExamples.of(ToyStudies.make(40, 5));
    List<TrainingExample> train = TrainingExamples.train(all, 20);
    List<TrainingExample> val = TrainingExamples.validation(all, 20);
    Tokenizer tokenizer = Tokenizer.build(all.stream()
        .flatMap(e -> java.util.stream.Stream.of(e.prompt(), e.response())).toList(), 1);
    ModelConfig config = new ModelConfig(16, 4, 32, 1, 32, 2, 2, 2, 40, 3);
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    try (MedVlm model = MedVlm.create(config, tokenizer, Device.cpu())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SftTrainer(
              new SftTrainer.Settings(12, 4, 3e-3, 10, 3, 120, 1))
              .train(model, train, val, () -> asked.incrementAndGet() == 3))
          .isInstanceOf(java.util.concurrent.CancellationException.class)
          .hasMessage("stopped at SFT step 3");
    }
  }

  private static float[] gradients(MedVlm model, List<VlmSample> batch, boolean freeBuffers) {
    return FreedJavaBuffers.gradients(model, m -> SftTrainer.loss(model, m, batch), freeBuffers);
  }

  @Test
  void shouldComputeBitIdenticalGradientsWhenJavaBuffersAreFreedBeforeBackward() {
    List<TrainingExample> all = TrainingExamples.of(ToyStudies.make(4, 2));
    Tokenizer tokenizer = Tokenizer.build(all.stream()
        .flatMap(e -> java.util.stream.Stream.of(e.prompt(), e.response())).toList(), 1);
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), tokenizer, Device.cpu())) {
      List<VlmSample> batch = all.stream().limit(6)
          .map(e -> new VlmSample(model.prepare(e.image()), e.prompt(), e.response())).toList();
      float[] undisturbed = gradients(model, batch, false);
      assertThat(gradients(model, batch, true)).isEqualTo(undisturbed);
    }
  }

  @Test
  void shouldSplitByStudyDeterministically() {
    List<TrainingExample> all = TrainingExamples.of(ToyStudies.make(200, 1));
    List<TrainingExample> val = TrainingExamples.validation(all, 15);
    assertThat(val).isNotEmpty();
    assertThat(TrainingExamples.validation(all, 15)).isEqualTo(val);
    assertThat(val).allSatisfy(e -> assertThat(TrainingExamples.train(all, 15))
        .noneMatch(t -> t.studyId().equals(e.studyId())));
    assertThat(TrainingExamples.train(all, 15).size() + val.size()).isEqualTo(all.size());
  }
}
