package org.mmedpo.dashboard.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cluster says: per topic the sum of end offsets (records appended) and the append rate
 * between two looks, with a short history of rates; per consumer group the lag behind the end of
 * each topic. Thread-safe; the cluster watcher writes while the web server reads.
 */
public final class ClusterView {

  /** Rate points kept per topic for the sparklines. */
  static final int RATE_POINTS_KEPT = 150;

  private final List<String> topics;
  private final Map<String, Long> endOffsets = new LinkedHashMap<>();
  private final Map<String, Deque<RatePoint>> rates = new LinkedHashMap<>();
  private List<GroupLag> groups = List.of();
  private long lastLookAt = -1;
  private String error;
  private long version;

  /** A view of {@code topics}, in the order the page lists them. */
  public ClusterView(List<String> topics) {
    this.topics = List.copyOf(topics);
    for (String topic : topics) {
      rates.put(topic, new ArrayDeque<>());
    }
  }

  /**
   * Records one look at the cluster: the summed end offsets of each topic and the lag of each
   * group, both read at {@code atMillis} (epoch milliseconds). Rates are the change in end offsets
   * since the previous look, per second; a topic that shrank (recreated) restarts its rate at 0.
   */
  public synchronized void update(long atMillis, Map<String, Long> ends, List<GroupLag> lags) {
    for (String topic : topics) {
      Long end = ends.get(topic);
      if (end == null) {
        continue;
      }
      Long previous = endOffsets.put(topic, end);
      if (previous != null && lastLookAt >= 0 && atMillis > lastLookAt) {
        double perSecond = Math.max(0, end - previous) * 1000.0 / (atMillis - lastLookAt);
        Deque<RatePoint> history = rates.get(topic);
        history.addLast(new RatePoint(atMillis, perSecond));
        while (history.size() > RATE_POINTS_KEPT) {
          history.removeFirst();
        }
      }
    }
    groups = List.copyOf(lags);
    lastLookAt = atMillis;
    error = null;
    version++;
  }

  /** Records a failed look; the page shows the message next to the last good values. */
  public synchronized void failed(String message) {
    if (!message.equals(error)) {
      error = message;
      version++;
    }
  }

  /** Increases with every change. */
  public synchronized long version() {
    return version;
  }

  /** The cluster as the page shows it. */
  public synchronized Snapshot snapshot() {
    List<TopicStats> stats = new ArrayList<>();
    for (String topic : topics) {
      Deque<RatePoint> history = rates.get(topic);
      Double rate = history.isEmpty() ? null : history.getLast().perSecond();
      stats.add(new TopicStats(topic, endOffsets.get(topic), rate, List.copyOf(history)));
    }
    return new Snapshot(lastLookAt < 0 ? null : lastLookAt, error, stats, groups);
  }

  /** The append rate of a topic at one look; at in epoch milliseconds, rate in records/s. */
  public record RatePoint(long at, double perSecond) {}

  /**
   * One topic: records appended (sum of end offsets; null before the first look), the latest rate
   * in records/s (null before the second look) and the rate history.
   */
  public record TopicStats(String topic, Long records, Double ratePerSecond, List<RatePoint> rates) {}

  /** How far one group is behind on one topic, in records, summed over its partitions. */
  public record TopicLag(String topic, long lag, int partitions) {}

  /** A consumer group's lag: total records behind, and per topic. */
  public record GroupLag(String group, String state, long lag, List<TopicLag> topics) {}

  /**
   * The cluster as the page shows it.
   *
   * @param lookedAt epoch milliseconds of the last good look, null before the first
   * @param error why the last look failed, null when it worked
   */
  public record Snapshot(Long lookedAt, String error, List<TopicStats> topics, List<GroupLag> groups) {}
}
