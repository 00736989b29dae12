package org.mmedpo.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RecentValuesTest {

  @Test
  void shouldBinValuesPerSeriesOverTheKnownRange() {
    RecentValues values = new RecentValues(100);
    values.add(0.05, "TEXT");
    values.add(0.95, "TEXT");
    values.add(1.0, "IMAGE");
    values.add(0.5, "IMAGE");

    Histogram h = values.histogram(10, 0.0, 1.0);

    assertThat(h.lo()).isEqualTo(0.0);
    assertThat(h.hi()).isEqualTo(1.0);
    assertThat(h.bins()).hasSize(10);
    assertThat(h.series()).containsExactly("IMAGE", "TEXT");
    assertThat(h.bins().get(0).counts()).containsEntry("TEXT", 1L).containsEntry("IMAGE", 0L);
    assertThat(h.bins().get(5).counts()).containsEntry("IMAGE", 1L);
    assertThat(h.bins().get(9).counts()).containsEntry("TEXT", 1L).containsEntry("IMAGE", 1L);
    assertThat(h.n()).isEqualTo(4);
    assertThat(h.mean()).isCloseTo(0.625, within(1e-12));
  }

  @Test
  void shouldWidenTheRangeToHoldValuesOutsideIt() {
    RecentValues values = new RecentValues(10);
    values.add(0.6, "A");
    values.add(1.4, "A");
    Histogram h = values.histogram(4, 0.75, 1.25);
    assertThat(h.lo()).isEqualTo(0.6);
    assertThat(h.hi()).isEqualTo(1.4);
    assertThat(h.bins().stream().mapToLong(b -> b.counts().get("A")).sum()).isEqualTo(2);
  }

  @Test
  void shouldKeepOnlyTheLatestValuesButCountThemAll() {
    RecentValues values = new RecentValues(3);
    for (int i = 0; i < 5; i++) {
      values.add(i, "A");
    }
    values.add(Double.NaN, "A");
    Histogram h = values.histogram(5, 0, 1);
    assertThat(h.n()).isEqualTo(3);
    assertThat(h.total()).isEqualTo(6);
    assertThat(h.min()).isEqualTo(2.0);
    assertThat(h.max()).isEqualTo(4.0);
  }

  @Test
  void shouldDescribeAnEmptyWindowWithoutBins() {
    Histogram h = new RecentValues(3).histogram(5, 0, 1);
    assertThat(h.n()).isZero();
    assertThat(h.bins()).isEmpty();
    assertThat(h.mean()).isNull();
  }
}
