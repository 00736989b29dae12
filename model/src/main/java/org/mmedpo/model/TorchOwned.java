package org.mmedpo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The one way Java data enters the engine in this project: arrays whose storage PyTorch
 * allocated and owns, so they stay valid for as long as any tensor refers to them.
 *
 * <p>Why: DJL's PyTorch engine makes {@code NDManager.create(float[] ...)} (and every
 * {@code NDArray} method taking a {@code Number}, such as {@code mul(0.1f)} or
 * {@code maximum(0f)}, which creates a scalar that way and closes it right after the operation)
 * wrap a Java direct buffer with {@code torch::from_blob}, without a copy. Only the Java handle
 * keeps that buffer alive. Autograd keeps its own reference to the tensor (an operand saved for
 * backward), and so can a view; once the handle is closed and the garbage collector frees the
 * buffer, backward reads freed memory: gradients become garbage, sometimes Inf or NaN, and
 * differ between processes because they depend on when the collector ran. Copying into
 * PyTorch storage removes the dependency on Java object lifetimes altogether.
 *
 * <p>Rule for code that records gradients: build inputs with {@link #floats}/{@link #longs},
 * use {@link #scalar} operands instead of {@code NDArray} methods that take a {@code Number}.
 */
public final class TorchOwned {

  private TorchOwned() {}

  /** A float32 array of {@code values} in {@code shape}, on {@code manager}. */
  public static NDArray floats(NDManager manager, float[] values, Shape shape) {
    try (NDArray javaBacked = manager.create(values, shape)) {
      return javaBacked.duplicate();
    }
  }

  /** A 1-D float32 array of {@code values}. */
  public static NDArray floats(NDManager manager, float[] values) {
    return floats(manager, values, new Shape(values.length));
  }

  /** An int64 array of {@code values} in {@code shape}, on {@code manager}. */
  public static NDArray longs(NDManager manager, long[] values, Shape shape) {
    try (NDArray javaBacked = manager.create(values, shape)) {
      return javaBacked.duplicate();
    }
  }

  /** A float32 scalar (0-dimensional) that broadcasts against any float32 array. */
  public static NDArray scalar(NDManager manager, float value) {
    return manager.full(new Shape(), value);
  }
}
