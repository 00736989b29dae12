package org.mmedpo.trainer.dpo;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmedpo.model.Autograd;
import org.mmedpo.model.FreedJavaBuffers;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.VlmSample;
import org.mmedpo.trainer.bench.TrainerBench;
import org.mmedpo.trainer.optim.AdamW;
import org.mmedpo.trainer.optim.NonFiniteStepException;

class DpoStepTest {

  private static List<DpoPair> withReference(MedVlm reference, List<DpoPair> raw) {
    List<VlmSample> both = new ArrayList<>();
    raw.forEach(p -> {
      both.add(p.chosen());
      both.add(p.rejected());
    });
    double[] ref = reference.logProbs(both);
    List<DpoPair> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      DpoPair p = raw.get(i);
      out.add(new DpoPair(p.sampleId(), p.kind(), p.chosen(), p.rejected(), p.weight(),
          ref[2 * i], ref[2 * i + 1]));
    }
    return out;
  }

  private static float[] gradients(MedVlm policy, List<DpoPair> batch, boolean freeBuffers) {
    Autograd.LOCK.lock();
    try (NDManager m = policy.manager().newSubManager();
        GradientCollector collector = Autograd.collector()) {
      ai.djl.ndarray.NDArray loss = DpoStep.forward(policy, m, batch, 0.1).loss().loss();
      if (freeBuffers) {
        try (FreedJavaBuffers poison = FreedJavaBuffers.freeAndPoison()) {
          collector.backward(loss);
        }
      } else {
        collector.backward(loss);
      }
    } finally {
      Autograd.LOCK.unlock();
    }
    return FreedJavaBuffers.takeGradients(policy.parameters(), policy.manager());
  }

  @Test
  void shouldComputeBitIdenticalGradientsWhenJavaBuffersAreFreedBeforeBackward() {
    try (MedVlm policy = MedVlm.create(ModelConfig.tiny(), TrainerBenchAccess.tokenizer(),
        Device.cpu());
        MedVlm reference = policy.copy(false);
        AdamW adam = new AdamW(AdamW.Settings.defaults(), policy.parameters(),
            policy.manager())) {
      List<DpoPair> batch = withReference(reference, TrainerBench.pairs(policy, 4, 2));
      // A few updates first, so the margins (and the gradients of beta's operands) are not 0.
      for (int i = 0; i < 3; i++) {
        DpoStep.run(policy, adam, batch, 0.1, 1e-2, 1.0);
      }
      float[] undisturbed = gradients(policy, batch, false);
      assertThat(gradients(policy, batch, true)).isEqualTo(undisturbed);
    }
  }

  @Test
  void shouldStopWithoutUpdatingWhenTheLossIsNotFinite() {
    try (MedVlm policy = MedVlm.create(ModelConfig.tiny(), TrainerBenchAccess.tokenizer(),
        Device.cpu());
        AdamW adam = new AdamW(AdamW.Settings.defaults(), policy.parameters(),
            policy.manager())) {
      List<DpoPair> batch = TrainerBench.pairs(policy, 2, 3);
      byte[] before = policy.parameterBytes();
      // A NaN beta makes the loss and every gradient NaN.
      assertThatThrownBy(() -> DpoStep.run(policy, adam, batch, Double.NaN, 1e-2, 1.0))
          .isInstanceOf(NonFiniteStepException.class).hasMessageContaining("DPO step 1");
      assertThat(policy.parameterBytes()).isEqualTo(before);
      assertThat(adam.step()).isZero();
      assertThat(FreedJavaBuffers.takeGradients(policy.parameters(), policy.manager()))
          .containsOnly(0f);
    }
  }

  @Test
  void shouldRaiseTheChosenOverRejectedMarginOnTheTrainedBatch() {
    try (MedVlm policy = MedVlm.create(ModelConfig.tiny(), TrainerBenchAccess.tokenizer(),
        Device.cpu());
        MedVlm reference = policy.copy(false);
        AdamW adam = new AdamW(AdamW.Settings.defaults(), policy.parameters(),
            policy.manager())) {
      List<DpoPair> raw = TrainerBench.pairs(policy, 4, 1);
      List<VlmSample> both = new ArrayList<>();
      raw.forEach(p -> {
        both.add(p.chosen());
        both.add(p.rejected());
      });
      double[] ref = reference.logProbs(both);
      List<DpoPair> batch = new ArrayList<>();
      for (int i = 0; i < raw.size(); i++) {
        DpoPair p = raw.get(i);
        batch.add(new DpoPair(p.sampleId(), p.kind(), p.chosen(), p.rejected(), p.weight(),
            ref[2 * i], ref[2 * i + 1]));
      }
      DpoStep.Stats first = DpoStep.run(policy, adam, batch, 0.1, 1e-2, 1.0);
      // At the reference, every margin is 0 and the loss is mean(w) * ln 2.
      assertThat(first.rewardsMargins()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(first.loss()).isCloseTo(first.weightMean() * Math.log(2),
          org.assertj.core.data.Offset.offset(1e-4));
      DpoStep.Stats last = first;
      for (int i = 0; i < 5; i++) {
        last = DpoStep.run(policy, adam, batch, 0.1, 1e-2, 1.0);
      }
      assertThat(last.rewardsMargins()).isGreaterThan(0);
      assertThat(last.loss()).isLessThan(first.loss());
      assertThat(last.textSamples() + last.imageSamples()).isEqualTo(4);
    }
  }
}
