package org.mmedpo.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.nio.charset.StandardCharsets;
import org.mmedpo.model.TorchOwned;
import java.util.SplittableRandom;

/**
 * Initializes one parameter from a Java random stream seeded by the model seed and the parameter
 * name, so the same configuration gives bit-identical parameters on every engine and device, and
 * adding a parameter does not shift the others.
 */
final class SeededInitializer implements Initializer {

  enum Kind { NORMAL, ZEROS, ONES }

  private final Kind kind;
  private final double std;
  private final long seed;

  SeededInitializer(Kind kind, double std, long modelSeed, String name) {
    this.kind = kind;
    this.std = std;
    long h = modelSeed * 0x9E3779B97F4A7C15L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001B3L;
    }
    this.seed = h;
  }

  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    float[] values = new float[Math.toIntExact(shape.size())];
    switch (kind) {
      case ONES -> java.util.Arrays.fill(values, 1f);
      case ZEROS -> { }
      case NORMAL -> {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (gaussian(random) * std);
        }
      }
      default -> throw new IllegalStateException();
    }
    // Parameters outlive many handles (gradients, temporary attachments): PyTorch owns them.
    NDArray array = TorchOwned.floats(manager, values, shape);
    if (dataType == DataType.FLOAT32) {
      return array;
    }
    try (array) {
      return array.toType(dataType, true);
    }
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
