package org.mmedpo.streams.lesion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

  private final NoiseSchedule schedule = NoiseSchedule.povid();

  @Test
  void shouldRiseFromOneEMinusFiveToFiveEMinusThreeOnASigmoid() {
    // beta_1 = 1e-5 + (5e-3 - 1e-5) sigmoid(-6), beta_1000 = 1e-5 + (5e-3 - 1e-5) sigmoid(6)
    assertThat(schedule.beta(1)).isEqualTo(2.2338e-5, within(1e-9));
    assertThat(schedule.beta(1000)).isEqualTo(4.98766e-3, within(1e-8));
    assertThat(schedule.beta(500)).isLessThan(schedule.beta(501));
  }

  @Test
  void shouldMultiplyOneMinusBetaUpToTheStep() {
    assertThat(schedule.alphaBar(1)).isEqualTo(1 - schedule.beta(1), within(1e-15));
    assertThat(schedule.alphaBar(2)).isEqualTo((1 - schedule.beta(1)) * (1 - schedule.beta(2)), within(1e-15));
    // Computed independently (Python, float64): abar_500 = 0.746675, abar_1000 = 0.081249.
    assertThat(schedule.alphaBar(500)).isEqualTo(0.746675, within(1e-6));
    assertThat(schedule.alphaBar(1000)).isEqualTo(0.081249, within(1e-6));
  }
}
