package org.mmedpo.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.model.ModelConfig;

class TrainerConfigTest {

  @Test
  void shouldPinTheDefaults() {
    TrainerConfig c = new TrainerConfig(ConfigSources.defaults());
    assertThat(c.modelConfig()).isEqualTo(ModelConfig.defaults());
    assertThat(c.beta()).isEqualTo(0.1);
    assertThat(c.getInt("trainer.metrics.port")).isEqualTo(9403);
    assertThat(c.getString("trainer.metrics.bind.host")).isEqualTo("127.0.0.1");
    assertThat(c.batchSize()).isEqualTo(8);
    assertThat(c.batchWaitMs()).isEqualTo(2_000L);
    assertThat(c.dpoSchedule()).isEqualTo(
        new org.mmedpo.trainer.optim.LearningRateSchedule(1e-5, 0.0, 10, 1_000));
    assertThat(c.dpoOptimizer()).isEqualTo(
        new org.mmedpo.trainer.optim.AdamW.Settings(0.9, 0.999, 1e-8, 0.0));
    assertThat(c.gradClip()).isEqualTo(1.0);
    assertThat(c.weightsEnabled()).isTrue();
    assertThat(c.samples()).isEqualTo(TrainerConfig.Samples.ALL);
    assertThat(c.checkpointSteps()).isEqualTo(50);
    assertThat(c.checkpointIntervalMs()).isEqualTo(60_000L);
    assertThat(c.groupId()).isEqualTo("mmedpo-trainer");
    assertThat(c.runId()).isEqualTo("dpo");
    assertThat(c.checkpointDir().toString()).isEqualTo(".mmedpo/trainer/dpo");
    assertThat(c.referenceVersion()).isEmpty();
    assertThat(c.maxSteps()).isZero();
    assertThat(c.idleExitMs()).isZero();
    assertThat(c.device()).isEqualTo(ai.djl.Device.cpu());
    assertThat(c.getInt(TrainerConfig.THREADS)).isEqualTo(1);
    Map<String, Object> v = c.effectiveValues();
    assertThat(v).containsEntry(TrainerConfig.SFT_EPOCHS, 40)
        .containsEntry(TrainerConfig.SFT_BATCH_SIZE, 32)
        .containsEntry(TrainerConfig.SFT_LEARNING_RATE, 5e-4)
        .containsEntry(TrainerConfig.SFT_WARMUP_STEPS, 50)
        .containsEntry(TrainerConfig.SFT_PATIENCE, 3)
        .containsEntry(TrainerConfig.SFT_VALIDATION_PERCENT, 15)
        .containsEntry(TrainerConfig.SFT_MAX_SECONDS, 540)
        .containsEntry(TrainerConfig.SCHEDULE, "cosine")
        .containsEntry(TrainerConfig.EVAL_TEMPERATURE, 0.2)
        .containsEntry(TrainerConfig.EVAL_MAX_NEW_TOKENS_VQA, 64)
        .containsEntry(TrainerConfig.EVAL_MAX_NEW_TOKENS_REPORT, 80);
  }

  @Test
  void shouldSwitchToPlainDpoAndTextSamplesByFlags() {
    TrainerConfig c = new TrainerConfig(ConfigSources.ofFlags(Map.of(
        TrainerConfig.WEIGHTS_ENABLED, "false", TrainerConfig.SAMPLES, "text",
        TrainerConfig.SCHEDULE, "constant")));
    assertThat(c.weightsEnabled()).isFalse();
    assertThat(c.samples()).isEqualTo(TrainerConfig.Samples.TEXT);
    assertThat(c.dpoSchedule().totalSteps()).isZero();
  }

  @Test
  void shouldRejectAnUnknownSampleSelection() {
    assertThatThrownBy(() -> new TrainerConfig(ConfigSources.ofFlags(
        Map.of(TrainerConfig.SAMPLES, "audio")))).isInstanceOf(ConfigException.class);
  }
}
