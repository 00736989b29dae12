package org.mmedpo.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Gradient recording, shared by every user of the model in one JVM.
 *
 * <p>The PyTorch engine allows one {@link GradientCollector} at a time per process, so the
 * trainer's steps and the saliency of the stream processors take {@link #LOCK} around theirs.
 * Inference runs under {@link #noGrad}, which turns PyTorch's (thread-local) grad mode off so no
 * autograd graph is built.
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
