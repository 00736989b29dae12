package org.mmedpo.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpearmanTest {

  @Test
  void shouldGiveTiedValuesTheAverageOfTheirRanks() {
    assertThat(Spearman.averageRanks(new double[] {10, 20, 20, 30})).containsExactly(1, 2.5, 2.5, 4);
    assertThat(Spearman.averageRanks(new double[] {3, 1, 3, 3})).containsExactly(3, 1, 3, 3);
    assertThat(Spearman.averageRanks(new double[] {0.5, -2, 7})).containsExactly(2, 1, 3);
  }

  @Test
  void shouldMatchScipysDocumentedExampleWithATie() {
    // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) = 0.8207826816681233 (scipy's docs).
    // By hand: ranks x = 1..5, ranks y = [1, 2, 3.5, 5, 3.5], both with mean 3;
    // deviations dx = [-2, -1, 0, 1, 2], dy = [-2, -1, 0.5, 2, 0.5];
    // sum dx dy = 4 + 1 + 0 + 2 + 1 = 8, sum dx^2 = 10, sum dy^2 = 4 + 1 + 0.25 + 4 + 0.25 = 9.5;
    // rho = 8 / sqrt(10 * 9.5) = 8 / sqrt(95).
    double rho = Spearman.correlation(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7});
    assertThat(rho).isCloseTo(8 / Math.sqrt(95), within(1e-15)).isCloseTo(0.8207826816681233, within(1e-15));
  }

  @Test
  void shouldHandleTiesOnBothSides() {
    // x = [1, 1, 2, 3] -> ranks [1.5, 1.5, 3, 4]; y = [2, 1, 1, 3] -> ranks [3, 1.5, 1.5, 4]; means 2.5.
    // dx = [-1, -1, 0.5, 1.5], dy = [0.5, -1, -1, 1.5]: sum dx dy = -0.5 + 1 - 0.5 + 2.25 = 2.25,
    // sum dx^2 = sum dy^2 = 4.5, rho = 2.25 / 4.5 = 0.5.
    assertThat(Spearman.correlation(new double[] {1, 1, 2, 3}, new double[] {2, 1, 1, 3})).isCloseTo(0.5, within(1e-15));
  }

  @Test
  void shouldBeOneForAnyIncreasingRelationAndMinusOneForADecreasingOne() {
    double[] x = {0.1, 0.4, 0.2, 0.9, 0.5};
    double[] cubes = new double[x.length];
    double[] negated = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      cubes[i] = Math.pow(x[i], 3) + 7;
      negated[i] = -x[i];
    }
    assertThat(Spearman.correlation(x, cubes)).isEqualTo(1.0);
    assertThat(Spearman.correlation(x, negated)).isEqualTo(-1.0);
  }

  @Test
  void shouldBeUndefinedForConstantOrTooShortSamples() {
    assertThat(Spearman.correlation(new double[] {1, 2, 3}, new double[] {4, 4, 4})).isNaN();
    assertThat(Spearman.correlation(new double[] {1}, new double[] {2})).isNaN();
    assertThat(Spearman.correlation(new double[0], new double[0])).isNaN();
  }

  @Test
  void shouldRejectUnpairedOrNonFiniteSamples() {
    assertThatThrownBy(() -> Spearman.correlation(new double[] {1, 2}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paired");
    assertThatThrownBy(() -> Spearman.correlation(new double[] {1, Double.NaN}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
  }
}
