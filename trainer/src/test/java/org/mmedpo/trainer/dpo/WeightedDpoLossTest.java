package org.mmedpo.trainer.dpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.mmedpo.model.Autograd;

/**
 * Exact values on two hand-computed pairs (beta 0.1):
 * policy chosen [-1, -2], policy rejected [-3, -1], reference chosen [-1.5, -2], reference
 * rejected [-2, -1.5], weights [1, 0.5]. Then chosen rewards [0.05, 0], rejected rewards
 * [-0.1, 0.05], z [0.15, -0.05], per-sample w*ln(1+e^-z) [0.6209570478, 0.3592298240], loss
 * 0.4900934359, and d loss / d policy chosen_i = -(w_i / B) * beta * sigmoid(-z_i) =
 * [-0.0231285077, -0.0128124349].
 */
class WeightedDpoLossTest {

  private static final float[] PC = {-1f, -2f};
  private static final float[] PR = {-3f, -1f};
  private static final float[] RC = {-1.5f, -2f};
  private static final float[] RR = {-2f, -1.5f};

  @Test
  void shouldComputeTheLossAndRewardsOfHandComputedPairs() {
    try (NDManager m = NDManager.newBaseManager()) {
      WeightedDpoLoss.Output out = WeightedDpoLoss.compute(m.create(PC), m.create(PR),
          m.create(RC), m.create(RR), m.create(new float[] {1f, 0.5f}), 0.1);
      assertThat(out.loss().getFloat()).isCloseTo(0.4900934359f, offset(1e-6f));
      assertThat(out.chosenRewards().toFloatArray()).containsExactly(new float[] {0.05f, 0f},
          offset(1e-6f));
      assertThat(out.rejectedRewards().toFloatArray()).containsExactly(new float[] {-0.1f, 0.05f},
          offset(1e-6f));
      assertThat(out.margins().toFloatArray()).containsExactly(new float[] {0.15f, -0.05f},
          offset(1e-6f));
      assertThat(out.perSample().toFloatArray())
          .containsExactly(new float[] {0.6209570478f, 0.3592298240f}, offset(1e-6f));
    }
  }

  @Test
  void shouldAverageWeightedLossesOverTheBatchNotOverTheWeightSum() {
    try (NDManager m = NDManager.newBaseManager()) {
      WeightedDpoLoss.Output half = WeightedDpoLoss.compute(m.create(PC), m.create(PR),
          m.create(RC), m.create(RR), m.create(new float[] {0.5f, 0.5f}), 0.1);
      WeightedDpoLoss.Output one = WeightedDpoLoss.compute(m.create(PC), m.create(PR),
          m.create(RC), m.create(RR), m.create(new float[] {1f, 1f}), 0.1);
      assertThat(half.loss().getFloat()).isCloseTo(one.loss().getFloat() / 2, offset(1e-7f));
    }
  }

  @Test
  void shouldStayFiniteForHugeMargins() {
    try (NDManager m = NDManager.newBaseManager()) {
      WeightedDpoLoss.Output out = WeightedDpoLoss.compute(m.create(new float[] {0f, -5000f}),
          m.create(new float[] {-5000f, 0f}), m.create(new float[] {0f, 0f}),
          m.create(new float[] {0f, 0f}), m.create(new float[] {1f, 1f}), 1.0);
      // z = [5000, -5000]: losses [~0, 5000].
      assertThat(out.perSample().toFloatArray()).containsExactly(new float[] {0f, 5000f},
          offset(1e-3f));
    }
  }

  private static float[] gradientOfChosen(float[] weights) {
    Autograd.LOCK.lock();
    try (NDManager m = NDManager.newBaseManager();
        GradientCollector collector = Autograd.collector()) {
      NDArray pc = m.create(PC);
      pc.setRequiresGradient(true);
      WeightedDpoLoss.Output out = WeightedDpoLoss.compute(pc, m.create(PR), m.create(RC),
          m.create(RR), m.create(weights), 0.1);
      collector.backward(out.loss());
      return pc.getGradient().toFloatArray();
    } finally {
      Autograd.LOCK.unlock();
    }
  }

  @Test
  void shouldMatchTheHandComputedGradient() {
    assertThat(gradientOfChosen(new float[] {1f, 0.5f}))
        .containsExactly(new float[] {-0.0231285077f, -0.0128124349f}, offset(1e-7f));
  }

  @Test
  void shouldGiveAZeroWeightSampleZeroGradient() {
    float[] grad = gradientOfChosen(new float[] {0f, 0.5f});
    assertThat(grad[0]).isEqualTo(0f);
    assertThat(grad[1]).isCloseTo(-0.0128124349f, offset(1e-7f));
  }

  @Test
  void shouldDoubleASamplesGradientWhenItsWeightDoubles() {
    float[] base = gradientOfChosen(new float[] {1f, 0.5f});
    float[] doubled = gradientOfChosen(new float[] {1f, 1f});
    assertThat(doubled[1]).isCloseTo(2 * base[1], offset(1e-8f));
    assertThat(doubled[0]).isCloseTo(base[0], offset(1e-8f));
  }
}
