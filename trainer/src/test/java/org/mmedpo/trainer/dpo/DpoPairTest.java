package org.mmedpo.trainer.dpo;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.model.VlmSample;

class DpoPairTest {

  private static final VlmSample SAMPLE = new VlmSample(new float[] {0f}, "q", "a");

  private static DpoPair pair(double weight, double refChosen, double refRejected) {
    return new DpoPair("s", DispreferenceKind.TEXT_HALLUCINATION, SAMPLE, SAMPLE, weight,
        refChosen, refRejected);
  }

  @Test
  void shouldRefuseWeightsAndReferenceLogProbsThatWouldMakeTheLossNonFinite() {
    assertThatCode(() -> pair(0.8, -12.5, -20)).doesNotThrowAnyException();
    assertThatThrownBy(() -> pair(Double.NaN, -1, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("weight NaN");
    assertThatThrownBy(() -> pair(-0.5, -1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pair(1, Double.NEGATIVE_INFINITY, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
    assertThatThrownBy(() -> pair(1, -1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
  }
}
