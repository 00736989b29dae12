package org.mmedpo.model;

import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Gradient recording, shared by every user of the model in one JVM.
 *
 * <p>The PyTorch engine allows one {@link GradientCollector} at a time per process, so the
 * trainer's steps and the saliency of the stream processors take {@link #LOCK} around theirs.
 * Inference runs under {@link #noGrad}, which turns PyTorch's (thread-local) grad mode off so no
 * autograd graph is built.
 *
 * <p>PyTorch accumulates each backward pass into the parameters' gradients; DJL's PyTorch
 * collector never clears them, so whoever applies an update calls {@link #zeroGradients}.
 */
public final class Autograd {

  /** Held by whoever opens a gradient collector. */
  public static final ReentrantLock LOCK = new ReentrantLock();

  private Autograd() {}

  /** Opens a gradient collector; the caller must hold {@link #LOCK}. */
  public static GradientCollector collector() {
    if (!LOCK.isHeldByCurrentThread()) {
      throw new IllegalStateException("hold Autograd.LOCK while collecting gradients");
    }
    return Engine.getInstance().newGradientCollector();
  }

  /**
   * Sets the gradient of every parameter to exactly zero with PyTorch's in-place {@code zero_()}:
   * no array handles are created (nothing to leak), and unlike {@code g.subi(g)} a gradient that
   * held Inf or NaN becomes zero rather than NaN.
   */
  public static void zeroGradients(List<Parameter> parameters) {
    for (Parameter p : parameters) {
      JniUtils.zeroGrad((PtNDArray) p.getArray());
    }
  }

  /** Runs {@code work} with gradient recording off on this thread. */
  public static <T> T noGrad(Supplier<T> work) {
    boolean before = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return work.get();
    } finally {
      JniUtils.setGradMode(before);
    }
  }
}
