package org.mmedpo.streams.assembly;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Count, mean and sum of squared deviations of a stream of scores, updated one score at a time by
 * Welford's algorithm (numerically stable: no sum of squares that cancels). Immutable.
 *
 * @param count scores seen
 * @param mean their mean
 * @param m2 sum of squared deviations from the mean
 */
public record RunningStats(long count, double mean, double m2) {

  /** No scores yet. */
  public static final RunningStats EMPTY = new RunningStats(0, 0, 0);

  /** The statistics with {@code x} added. */
  public RunningStats add(double x) {
    long n = count + 1;
    double delta = x - mean;
    double newMean = mean + delta / n;
    return new RunningStats(n, newMean, m2 + delta * (x - newMean));
  }

  /** Population standard deviation (as numpy's default, which standardizing a dataset uses). */
  public double std() {
    return count == 0 ? 0 : Math.sqrt(m2 / count);
  }

  /** Fixed 24-byte encoding for the state store. */
  public static Serde<RunningStats> serde() {
    Serializer<RunningStats> serializer = (topic, s) -> s == null ? null
        : ByteBuffer.allocate(24).putLong(s.count).putDouble(s.mean).putDouble(s.m2).array();
    Deserializer<RunningStats> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length != 24) {
        throw new SerializationException("running statistics need 24 bytes, got " + bytes.length);
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return new RunningStats(b.getLong(), b.getDouble(), b.getDouble());
    };
    return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
  }
}
