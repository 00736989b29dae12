package org.mmedpo.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.Initializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmedpo.model.Autograd;

class OptimTest {

  private static Parameter param(NDManager m, float... values) {
    Parameter p = Parameter.builder().setName("p").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(values.length)).optInitializer(Initializer.ZEROS).build();
    p.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32);
    p.getArray().set(values);
    return p;
  }

  /** Sets the gradient of p to g by back-propagating sum(p * g). */
  private static void gradient(NDManager m, Parameter p, float... g) {
    Autograd.LOCK.lock();
    try (NDManager s = m.newSubManager(); GradientCollector c = Autograd.collector()) {
      NDArray x = s.create(g);
      c.backward(x.mul(p.getArray()).sum());
    } finally {
      Autograd.LOCK.unlock();
    }
  }

  @Test
  void shouldMatchTwoHandComputedAdamWSteps() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter p = param(m, 1f, -2f);
      try (AdamW adam = new AdamW(new AdamW.Settings(0.9, 0.999, 1e-8, 0.1), List.of(p), m)) {
        gradient(m, p, 0.5f, -1f);
        adam.update(0.01);
        // Step 1: decay p*(1-0.001); m_hat = g, v_hat = g^2 -> update lr*sign(g).
        assertThat(p.getArray().toFloatArray()).containsExactly(
            new float[] {1f * 0.999f - 0.01f, -2f * 0.999f + 0.01f}, offset(1e-6f));
        assertThat(p.getArray().getGradient().toFloatArray()).containsExactly(0f, 0f);
        gradient(m, p, 0.5f, -1f);
        adam.update(0.01);
        // Same gradient again: m_hat = g, v_hat = g^2 again, so the same step.
        float p0 = (1f * 0.999f - 0.01f) * 0.999f - 0.01f;
        assertThat(p.getArray().toFloatArray()[0]).isCloseTo(p0, offset(1e-6f));
        assertThat(adam.step()).isEqualTo(2);
      }
    }
  }

  @Test
  void shouldRestoreOptimizerStateExactly() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter p = param(m, 1f, 2f);
      Parameter q = param(m, 1f, 2f);
      try (AdamW a = new AdamW(AdamW.Settings.defaults(), List.of(p), m);
          AdamW b = new AdamW(AdamW.Settings.defaults(), List.of(q), m)) {
        gradient(m, p, 0.3f, -0.7f);
        a.update(0.1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.save(new DataOutputStream(bytes));
        b.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        q.getArray().set(p.getArray().toFloatArray());
        gradient(m, p, 0.1f, 0.2f);
        gradient(m, q, 0.1f, 0.2f);
        a.update(0.1);
        b.update(0.1);
        assertThat(q.getArray().toFloatArray()).containsExactly(p.getArray().toFloatArray());
        assertThat(b.step()).isEqualTo(2);
      }
    }
  }

  @Test
  void shouldClipTheGlobalNormAndReportItBeforeClipping() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter p = param(m, 0f, 0f);
      gradient(m, p, 3f, 4f);
      double norm = GradientClipping.clip(List.of(p), 1.0, m);
      assertThat(norm).isCloseTo(5.0, offset(1e-6));
      assertThat(p.getArray().getGradient().toFloatArray())
          .containsExactly(new float[] {0.6f, 0.8f}, offset(1e-5f));
    }
  }

  @Test
  void shouldWarmUpLinearlyThenFollowTheCosineToTheMinimum() {
    LearningRateSchedule s = new LearningRateSchedule(1.0, 0.1, 10, 110);
    assertThat(s.at(5)).isCloseTo(0.5, offset(1e-12));
    assertThat(s.at(10)).isCloseTo(1.0, offset(1e-12));
    assertThat(s.at(60)).isCloseTo(0.55, offset(1e-12));
    assertThat(s.at(110)).isEqualTo(0.1);
    assertThat(s.at(5000)).isEqualTo(0.1);
    assertThat(new LearningRateSchedule(1.0, 0, 0, 0).at(77)).isEqualTo(1.0);
  }
}
