package org.mmedpo.streams.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmedpo.events.WeightScheme;

class WeightNormalizerTest {

  @Test
  void shouldKeepMeanAndPopulationVarianceByWelford() {
    RunningStats s = RunningStats.EMPTY;
    for (double x : new double[] {0.2, 0.8, 1.0, 0.8, 0.9}) {
      s = s.add(x);
    }
    // mean 0.74; deviations -0.54, 0.06, 0.26, 0.06, 0.16: sum of squares 0.392
    assertThat(s.count()).isEqualTo(5);
    assertThat(s.mean()).isEqualTo(0.74, within(1e-12));
    assertThat(s.m2()).isEqualTo(0.392, within(1e-12));
    assertThat(s.std()).isEqualTo(Math.sqrt(0.392 / 5), within(1e-12));
    RunningStats back = RunningStats.serde().deserializer().deserialize("t",
        RunningStats.serde().serializer().serialize("t", s));
    assertThat(back).isEqualTo(s);
  }

  @Test
  void shouldStandardizeToMeanOneAndVarianceZeroPointOneThenClip() {
    WeightNormalizer paper = new WeightNormalizer(WeightScheme.PAPER, 3, 0.1, 0.75, 1.25);
    RunningStats stats = new RunningStats(100, 0.78, 100 * 0.2 * 0.2);
    // w = 1 + sqrt(0.1) (s - 0.78) / 0.2
    assertThat(paper.weigh(0.78, stats).value()).isEqualTo(1.0, within(1e-12));
    assertThat(paper.weigh(0.9, stats).value()).isEqualTo(1 + Math.sqrt(0.1) * 0.6, within(1e-12));
    assertThat(paper.weigh(0.0, stats).value()).isEqualTo(0.75);
    assertThat(paper.weigh(1.0, stats).value()).isEqualTo(1.25); // 1 + sqrt(0.1) 1.1 = 1.348, clipped
    assertThat(paper.weigh(0.9, stats).scheme()).isEqualTo(WeightScheme.PAPER);
  }

  @Test
  void shouldWeighOneAndSayUniformBeforeEnoughScoresOrWithoutSpread() {
    WeightNormalizer paper = new WeightNormalizer(WeightScheme.PAPER, 30, 0.1, 0.75, 1.25);
    assertThat(paper.weigh(0.9, new RunningStats(29, 0.5, 3.0)))
        .isEqualTo(new WeightNormalizer.Weight(1.0, WeightScheme.UNIFORM));
    assertThat(paper.weigh(0.9, new RunningStats(50, 0.9, 0.0)))
        .isEqualTo(new WeightNormalizer.Weight(1.0, WeightScheme.UNIFORM));
  }

  @Test
  void shouldOfferTheReleasedRawWeightsAndUniformWeights() {
    assertThat(new WeightNormalizer(WeightScheme.RAW, 1, 0.1, 0.75, 1.25).weigh(0.2, RunningStats.EMPTY))
        .isEqualTo(new WeightNormalizer.Weight(0.2, WeightScheme.RAW));
    assertThat(new WeightNormalizer(WeightScheme.UNIFORM, 1, 0.1, 0.75, 1.25).weigh(0.2, RunningStats.EMPTY))
        .isEqualTo(new WeightNormalizer.Weight(1.0, WeightScheme.UNIFORM));
  }
}
