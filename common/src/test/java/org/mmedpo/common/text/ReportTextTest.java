package org.mmedpo.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTextTest {

  @Test
  void shouldComposeBothSectionsOnOneLine() {
    assertThat(ReportText.compose(" Small right\n pleural effusion. ", "Right effusion."))
        .isEqualTo("FINDINGS: Small right pleural effusion. IMPRESSION: Right effusion.");
  }

  @Test
  void shouldLeaveOutAnEmptySection() {
    assertThat(ReportText.compose("Clear lungs.", "")).isEqualTo("FINDINGS: Clear lungs.");
    assertThat(ReportText.compose(null, "Normal.")).isEqualTo("IMPRESSION: Normal.");
    assertThat(ReportText.compose(" ", null)).isEmpty();
  }

  @Test
  void shouldSplitWhatItComposes() {
    String text = ReportText.compose("No pneumothorax.", "No acute disease.");
    assertThat(ReportText.split(text))
        .isEqualTo(new ReportText.Sections("No pneumothorax.", "No acute disease."));
    assertThat(ReportText.split("Lungs clear.")).isEqualTo(new ReportText.Sections("Lungs clear.", ""));
  }
}
