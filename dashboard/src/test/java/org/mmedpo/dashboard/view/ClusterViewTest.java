package org.mmedpo.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmedpo.dashboard.view.ClusterView.GroupLag;
import org.mmedpo.dashboard.view.ClusterView.TopicLag;
import org.mmedpo.dashboard.view.ClusterView.TopicStats;

class ClusterViewTest {

  @Test
  void shouldComputeTheAppendRateBetweenTwoLooks() {
    ClusterView view = new ClusterView(List.of("pairs", "dlq"));
    view.update(10_000, Map.of("pairs", 100L, "dlq", 0L), List.of());
    assertThat(view.snapshot().topics().get(0).ratePerSecond()).isNull();

    view.update(12_000, Map.of("pairs", 160L, "dlq", 0L), List.of());

    TopicStats pairs = view.snapshot().topics().get(0);
    assertThat(pairs.records()).isEqualTo(160L);
    assertThat(pairs.ratePerSecond()).isEqualTo(30.0);
    assertThat(pairs.rates()).hasSize(1);
    assertThat(view.snapshot().lookedAt()).isEqualTo(12_000L);
  }

  @Test
  void shouldKeepTheLastGoodValuesAndShowTheErrorWhenALookFails() {
    ClusterView view = new ClusterView(List.of("pairs"));
    GroupLag lag = new GroupLag("streams", "STABLE", 5, List.of(new TopicLag("pairs", 5, 6)));
    view.update(1_000, Map.of("pairs", 7L), List.of(lag));
    long before = view.version();

    view.failed("TimeoutException: no answer");

    assertThat(view.version()).isGreaterThan(before);
    assertThat(view.snapshot().error()).isEqualTo("TimeoutException: no answer");
    assertThat(view.snapshot().topics().get(0).records()).isEqualTo(7L);
    assertThat(view.snapshot().groups()).containsExactly(lag);

    view.update(3_000, Map.of("pairs", 7L), List.of());
    assertThat(view.snapshot().error()).isNull();
  }

  @Test
  void shouldNotReportANegativeRateWhenATopicIsRecreated() {
    ClusterView view = new ClusterView(List.of("pairs"));
    view.update(1_000, Map.of("pairs", 50L), List.of());
    view.update(2_000, Map.of("pairs", 3L), List.of());
    assertThat(view.snapshot().topics().get(0).ratePerSecond()).isZero();
  }
}
