package org.mmedpo.dashboard.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmedpo.dashboard.display.ReportDiff.Segment;

class ReportDiffTest {

  private static List<String> changed(List<Segment> segments) {
    return segments.stream().filter(Segment::changed).map(Segment::text).toList();
  }

  private static String joined(List<Segment> segments) {
    return segments.stream().map(Segment::text).reduce("", String::concat);
  }

  @Test
  void shouldMarkASwappedLateralityOnBothSides() {
    ReportDiff.Result diff = ReportDiff.diff("Small right pleural effusion.", "Small left pleural effusion.");
    assertThat(changed(diff.chosen())).containsExactly("right");
    assertThat(changed(diff.rejected())).containsExactly("left");
    assertThat(diff.compared()).isTrue();
  }

  @Test
  void shouldKeepTheTextWholeWhileSplittingIt() {
    String chosen = "No pneumothorax. Heart size normal.";
    String rejected = "Large right pneumothorax.  Heart size normal.";
    ReportDiff.Result diff = ReportDiff.diff(chosen, rejected);
    assertThat(joined(diff.chosen())).isEqualTo(chosen);
    assertThat(joined(diff.rejected())).isEqualTo(rejected);
    assertThat(changed(diff.chosen())).containsExactly("No");
    assertThat(changed(diff.rejected())).containsExactly("Large", "right");
  }

  @Test
  void shouldMarkAnAddedFindingOnlyOnTheRejectedSide() {
    ReportDiff.Result diff = ReportDiff.diff("Lungs are clear.", "Lungs are clear. Cardiomegaly.");
    assertThat(changed(diff.chosen())).isEmpty();
    assertThat(changed(diff.rejected())).containsExactly("Cardiomegaly.");
  }

  @Test
  void shouldIgnoreCaseAndMarkNothingInEqualTexts() {
    ReportDiff.Result diff = ReportDiff.diff("No acute disease.", "no acute disease.");
    assertThat(changed(diff.chosen())).isEmpty();
    assertThat(changed(diff.rejected())).isEmpty();
  }

  @Test
  void shouldGiveUpOnTextsTooLongToCompareWithoutMarkingAnything() {
    String longText = "word ".repeat(3_000);
    ReportDiff.Result diff = ReportDiff.diff(longText, longText + "extra");
    assertThat(diff.compared()).isFalse();
    assertThat(changed(diff.rejected())).isEmpty();
  }
}
