package org.mmedpo.platform;

import java.util.Map;
import org.mmedpo.common.kafka.Topic;

/**
 * How one topic is created: partitions, replication and topic-level settings.
 *
 * @param topic the topic
 * @param partitions number of partitions
 * @param replicationFactor replicas per partition
 * @param settings topic configuration (cleanup.policy, retention.ms, ...)
 */
public record TopicPlan(Topic<?> topic, int partitions, short replicationFactor,
    Map<String, String> settings) {

  /** The plan for every topic of the pipeline under {@code config}. */
  public static java.util.List<TopicPlan> of(PlatformConfig config, java.util.List<Topic<?>> topics) {
    return topics.stream().map(topic -> of(config, topic)).toList();
  }

  private static TopicPlan of(PlatformConfig config, Topic<?> topic) {
    short rf = config.topicReplicationFactor();
    String minIsr = String.valueOf(Math.max(1, rf - 1));
    String retention = String.valueOf(config.topicRetentionMs());
    return switch (topic.contract()) {
      case PAIRS, VARIANTS, SCORES, PREFERENCES -> new TopicPlan(topic, config.topicPartitions(), rf,
          Map.of("retention.ms", retention, "min.insync.replicas", minIsr));
      // Every version stays (key = version); compaction keeps the latest record of each.
      case MODEL_VERSIONS -> new TopicPlan(topic, 1, rf,
          Map.of("cleanup.policy", "compact", "min.insync.replicas", minIsr));
      // One partition keeps the metric series in step order.
      case TRAINER_METRICS -> new TopicPlan(topic, 1, rf,
          Map.of("retention.ms", retention, "min.insync.replicas", minIsr));
      case DLQ -> new TopicPlan(topic, 3, rf,
          Map.of("retention.ms", retention, "min.insync.replicas", minIsr));
    };
  }
}
