package org.mmedpo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper that makes a use of freed Java memory by the engine visible at once.
 *
 * <p>{@link #freeAndPoison} runs the garbage collector until the JVM has freed every direct
 * buffer nothing refers to any more, then allocates many small direct buffers filled with NaN,
 * which take over freed memory. A tensor that still points at a freed buffer (an operand autograd
 * saved, a view) then reads NaN or the allocator's bookkeeping instead of its values. Run it
 * between forward and backward and compare the gradients with an undisturbed run: they must be
 * bit-identical.
 */
public final class FreedJavaBuffers implements AutoCloseable {

  private static final int[] POISON_SIZES = {4, 8, 16, 24, 32, 48, 64, 128, 256, 512, 1024, 4096};
  private static final int POISON_PER_SIZE = 300;

  private final List<ByteBuffer> poison;

  private FreedJavaBuffers(List<ByteBuffer> poison) {
    this.poison = poison;
  }

  /** Frees unreachable direct buffers and poisons the freed memory; close after backward. */
  public static FreedJavaBuffers freeAndPoison() {
    BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
        .stream().filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
    long deadline = System.nanoTime() + 5_000_000_000L;
    long last = -1;
    int stable = 0;
    // Buffers are freed by the reference handler after a collection: wait until the count of
    // live direct buffers stops changing.
    while (stable < 3 && System.nanoTime() < deadline) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      long count = direct.getCount();
      stable = count == last ? stable + 1 : 0;
      last = count;
    }
    List<ByteBuffer> poison = new ArrayList<>();
    for (int size : POISON_SIZES) {
      for (int i = 0; i < POISON_PER_SIZE; i++) {
        ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 4) {
          b.putFloat(Float.NaN);
        }
        poison.add(b);
      }
    }
    return new FreedJavaBuffers(poison);
  }

  /** Every parameter's gradient, concatenated in order; then sets the gradients to zero. */
  public static float[] takeGradients(List<Parameter> parameters, NDManager parent) {
    List<float[]> parts = new ArrayList<>();
    int total = 0;
    try (NDManager scratch = parent.newSubManager()) {
      for (Parameter p : parameters) {
        NDArray g = p.getArray().getGradient();
        scratch.attachAll(g);
        float[] values = g.toFloatArray();
        parts.add(values);
        total += values.length;
      }
    }
    Autograd.zeroGradients(parameters);
    float[] all = new float[total];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  @Override
  public void close() {
    poison.clear();
  }
}
