package org.mmedpo.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Arrays made from Java data must not depend on the Java buffer's lifetime: autograd keeps
 * operands for backward, and a freed buffer gives garbage gradients (the cause of the occasional
 * NaN gradient norms and of the runs that differed between processes).
 */
class TorchOwnedTest {

  private static List<VlmSample> samples(MedVlm model) {
    return List.of(
        new VlmSample(model.prepare(MedVlmTest.image(1)), "is there a pneumothorax ?", "yes"),
        new VlmSample(model.prepare(MedVlmTest.image(2)), "describe the findings of this chest"
            + " x-ray .", "findings : the lungs are clear . impression : normal chest ."));
  }

  private static float[] gradients(MedVlm model, boolean freeBuffersBeforeBackward) {
    Autograd.LOCK.lock();
    try (NDManager m = model.manager().newSubManager();
        GradientCollector collector = Autograd.collector()) {
      NDArray logp = model.responseLogProbs(m, samples(model)).sum().sum();
      if (freeBuffersBeforeBackward) {
        try (FreedJavaBuffers poison = FreedJavaBuffers.freeAndPoison()) {
          collector.backward(logp);
        }
      } else {
        collector.backward(logp);
      }
    } finally {
      Autograd.LOCK.unlock();
    }
    return FreedJavaBuffers.takeGradients(model.parameters(), model.manager());
  }

  @Test
  void shouldDetectABackwardPassThatReadsAFreedJavaBuffer() {
    // The hazard itself, with a DJL Number operand: the scalar 2 lives in a Java buffer that DJL
    // frees right after mul; autograd saved it for d(2x)/dx. If this stops failing, DJL copies
    // such scalars now, or the helper no longer frees memory (then the tests below prove nothing).
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.ones(new Shape(4));
      x.setRequiresGradient(true);
      Autograd.LOCK.lock();
      try (GradientCollector collector = Autograd.collector()) {
        NDArray y = x.mul(2f).sum();
        try (FreedJavaBuffers poison = FreedJavaBuffers.freeAndPoison()) {
          collector.backward(y);
        }
      } finally {
        Autograd.LOCK.unlock();
      }
      assertThat(x.getGradient().toFloatArray()).as("gradient read from freed memory")
          .doesNotContain(2f);
    }
  }

  @Test
  void shouldKeepTheValuesWhenTheJavaBuffersAreFreed() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray floats = TorchOwned.floats(m, new float[] {1.5f, -2f, 3f, 0f}, new Shape(2, 2));
      NDArray longs = TorchOwned.longs(m, new long[] {7, 8, 9}, new Shape(3));
      NDArray scalar = TorchOwned.scalar(m, 0.125f);
      try (FreedJavaBuffers poison = FreedJavaBuffers.freeAndPoison()) {
        assertThat(floats.toFloatArray()).containsExactly(1.5f, -2f, 3f, 0f);
        assertThat(floats.getShape()).isEqualTo(new Shape(2, 2));
        assertThat(longs.toLongArray()).containsExactly(7, 8, 9);
        assertThat(scalar.getShape()).isEqualTo(new Shape());
        assertThat(scalar.getFloat()).isEqualTo(0.125f);
      }
    }
  }

  @Test
  void shouldComputeBitIdenticalGradientsWhenJavaBuffersAreFreedBeforeBackward() {
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), MedVlmTest.tokenizer(), Device.cpu())) {
      float[] undisturbed = gradients(model, false);
      assertThat(undisturbed).as("some gradient").isNotEqualTo(new float[undisturbed.length]);
      for (int run = 0; run < 2; run++) {
        assertThat(gradients(model, true)).as("gradients after freeing Java buffers, run %d", run)
            .isEqualTo(undisturbed);
      }
    }
  }

  @Test
  void shouldZeroGradientsThatHoldNaN() {
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), MedVlmTest.tokenizer(), Device.cpu())) {
      Autograd.LOCK.lock();
      try (NDManager m = model.manager().newSubManager();
          GradientCollector collector = Autograd.collector()) {
        NDArray logp = model.responseLogProbs(m, samples(model)).sum().sum();
        collector.backward(logp.mul(TorchOwned.scalar(m, Float.NaN)));
      } finally {
        Autograd.LOCK.unlock();
      }
      float[] nan = FreedJavaBuffers.takeGradients(model.parameters(), model.manager());
      assertThat(nan).contains(Float.NaN);
      float[] zeroed = FreedJavaBuffers.takeGradients(model.parameters(), model.manager());
      assertThat(zeroed).containsOnly(0f);
    }
  }
}
