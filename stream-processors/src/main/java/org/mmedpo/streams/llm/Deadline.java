package org.mmedpo.streams.llm;

import java.time.Duration;

/**
 * The time left for all external calls made for one record. A processor starts one per record
 * ({@code processors.record.deadline.ms}); every call, retry and rate-limit wait draws from it,
 * so one record can never hold its stream thread longer than that.
 */
public final class Deadline {

  private final long deadlineNanos;

  private Deadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** A deadline {@code budget} from now. */
  public static Deadline in(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  /** A deadline that never expires, for callers that make no external calls. */
  public static Deadline none() {
    return new Deadline(Long.MAX_VALUE);
  }

  /** Time left, never negative. */
  public Duration remaining() {
    if (deadlineNanos == Long.MAX_VALUE) {
      return Duration.ofDays(365);
    }
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  public boolean expired() {
    return remaining().isZero();
  }

  /** The smaller of {@code wanted} and the time left. */
  public Duration cap(Duration wanted) {
    Duration left = remaining();
    return wanted.compareTo(left) < 0 ? wanted : left;
  }
}
