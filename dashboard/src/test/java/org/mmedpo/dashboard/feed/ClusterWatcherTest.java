package org.mmedpo.dashboard.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.mmedpo.dashboard.view.ClusterView.GroupLag;
import org.mmedpo.dashboard.view.ClusterView.TopicLag;

class ClusterWatcherTest {

  @Test
  void shouldSumLagPerTopicOverPartitions() {
    TopicPartition p0 = new TopicPartition("pairs", 0);
    TopicPartition p1 = new TopicPartition("pairs", 1);
    TopicPartition s0 = new TopicPartition("scores", 0);
    GroupLag lag = ClusterWatcher.lagOf("streams", "Stable",
        Map.of(p0, new OffsetAndMetadata(10), p1, new OffsetAndMetadata(4), s0, new OffsetAndMetadata(9)),
        Map.of(p0, 15L, p1, 4L, s0, 9L));
    assertThat(lag.lag()).isEqualTo(5);
    assertThat(lag.topics()).containsExactly(new TopicLag("pairs", 5, 2), new TopicLag("scores", 0, 1));
  }

  @Test
  void shouldNeverReportNegativeLag() {
    TopicPartition p0 = new TopicPartition("pairs", 0);
    GroupLag lag = ClusterWatcher.lagOf("g", "Empty", Map.of(p0, new OffsetAndMetadata(20)), Map.of(p0, 15L));
    assertThat(lag.lag()).isZero();
  }
}
