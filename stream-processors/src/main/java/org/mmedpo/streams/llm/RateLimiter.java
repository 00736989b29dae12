package org.mmedpo.streams.llm;

import java.time.Duration;

/**
 * Spaces calls to one endpoint at most {@code permitsPerSecond} apart, across every thread of the
 * process. A caller that would have to wait past its deadline is refused at once instead of waiting.
 */
public final class RateLimiter {

  private final long intervalNanos;
  private long nextFreeNanos;

  /** @param permitsPerSecond calls per second; 0 or less means unlimited */
  public RateLimiter(double permitsPerSecond) {
    this.intervalNanos = permitsPerSecond <= 0 ? 0 : (long) (1e9 / permitsPerSecond);
    this.nextFreeNanos = System.nanoTime();
  }

  /**
   * Waits for the next slot.
   *
   * @throws ExternalCallException when the wait would pass the deadline, or on interrupt
   */
  public void acquire(Deadline deadline, String endpoint) {
    if (intervalNanos == 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(now, nextFreeNanos);
      wait = slot - now;
      if (Duration.ofNanos(wait).compareTo(deadline.remaining()) >= 0) {
        throw new ExternalCallException(endpoint + " rate limit",
            "waiting " + wait / 1_000_000 + " ms for the rate limit would pass the record deadline");
      }
      nextFreeNanos = slot + intervalNanos;
    }
    sleep(wait, endpoint);
  }

  static void sleep(long nanos, String endpoint) {
    if (nanos <= 0) {
      return;
    }
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalCallException(endpoint + " interrupted", "interrupted while waiting", e);
    }
  }
}
