package org.mmedpo.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide settings of the PyTorch engine, applied before it first loads.
 *
 * <p>Threads: PyTorch's CPU kernels split work over OpenMP threads that wait for each other at
 * every operation. On a machine whose cores are shared with other busy processes, a descheduled
 * worker stalls every small operation; measured here (2 shared cores, load about 8) one thread
 * trained about as fast as a bare loop while two threads did not finish the same benchmark in
 * five minutes. So the default is one thread; give a dedicated machine more.
 */
public final class EngineSettings {

  private static final Logger LOG = LoggerFactory.getLogger(EngineSettings.class);
  static final String THREADS = "ai.djl.pytorch.num_threads";
  static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

  private EngineSettings() {}

  /**
   * Sets PyTorch's intra-op threads (and one inter-op thread) unless the JVM was started with
   * {@code -Dai.djl.pytorch.num_threads}, which wins. Must run before the engine loads.
   */
  public static void threads(int threads) {
    if (System.getProperty(THREADS) == null) {
      System.setProperty(THREADS, Integer.toString(threads));
    }
    if (System.getProperty(INTEROP_THREADS) == null) {
      System.setProperty(INTEROP_THREADS, "1");
    }
    LOG.debug("PyTorch threads: {}", System.getProperty(THREADS));
  }
}
