package org.mmedpo.streams.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpearmanTest {

  @Test
  void shouldGiveOneForAnyMonotoneRelation() {
    assertThat(Spearman.rho(new double[] {1, 2, 3, 4}, new double[] {10, 100, 1000, 10000})).isEqualTo(1.0, within(1e-12));
    assertThat(Spearman.rho(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1})).isEqualTo(-1.0, within(1e-12));
  }

  @Test
  void shouldAverageTiedRanks() {
    assertThat(Spearman.ranks(new double[] {0.8, 0.2, 0.8, 1.0})).containsExactly(2.5, 1.0, 2.5, 4.0);
    // Hand-computed: ranks x = (1, 2.5, 2.5, 4), y = (1, 2, 3, 4): rho = 0.9487
    assertThat(Spearman.rho(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4})).isEqualTo(0.9486833, within(1e-6));
  }
}
