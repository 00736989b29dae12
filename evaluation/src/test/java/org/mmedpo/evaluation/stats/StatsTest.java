package org.mmedpo.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

  private static final double[] SAMPLE = {1, 2, 3, 4};

  @Test
  void shouldComputeTheMean() {
    assertThat(Stats.mean(SAMPLE)).isEqualTo(2.5);
  }

  @Test
  void shouldComputeSampleAndPopulationStandardDeviations() {
    // Squared deviations from 2.5: 2.25 + 0.25 + 0.25 + 2.25 = 5.
    assertThat(Stats.sampleStd(SAMPLE)).isCloseTo(Math.sqrt(5.0 / 3), within(1e-15)); // 1.2910
    assertThat(Stats.populationStd(SAMPLE)).isCloseTo(Math.sqrt(5.0 / 4), within(1e-15)); // 1.1180
  }

  @Test
  void shouldBeNaNWhereUndefined() {
    assertThat(Stats.mean(new double[0])).isNaN();
    assertThat(Stats.populationStd(new double[0])).isNaN();
    assertThat(Stats.sampleStd(new double[] {3})).isNaN();
    assertThat(Stats.populationStd(new double[] {3})).isZero();
  }

  @Test
  void shouldRejectNonFiniteValues() {
    assertThatThrownBy(() -> Stats.mean(new double[] {1, Double.POSITIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
