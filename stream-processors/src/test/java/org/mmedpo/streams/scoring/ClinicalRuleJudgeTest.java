package org.mmedpo.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.mmedpo.events.ItemType;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.radiology.RadiologyLexicon;

class ClinicalRuleJudgeTest {

  private final ClinicalRuleJudge judge = new ClinicalRuleJudge(RadiologyLexicon.standard(), 0.1);

  private double report(String chosen, String rejected) {
    return judge.score(new JudgeRequest(ItemType.REPORT, "Write the report.", chosen, rejected, List.of(),
        Deadline.none())).score();
  }

  private double vqa(String question, String chosen, String rejected) {
    return judge.score(new JudgeRequest(ItemType.VQA_OPEN, question, chosen, rejected, List.of(),
        Deadline.none())).score();
  }

  @Test
  void shouldScoreDenyingAPresentPneumothoraxHigh() {
    assertThat(report("There is a small left apical pneumothorax.", "No pneumothorax.")).isEqualTo(1.0);
    assertThat(vqa("Is there a pneumothorax?", "Yes", "No, there is no pneumothorax, and the lung markings extend to the chest wall."))
        .isEqualTo(1.0);
  }

  @Test
  void shouldScoreByTheSignificanceOfTheFinding() {
    double pneumothorax = report("No pneumothorax.", "There is a small left pneumothorax.");
    double granuloma = report("No calcified granuloma.", "There is a calcified granuloma.");
    assertThat(pneumothorax).isGreaterThan(0.8);
    assertThat(granuloma).isLessThan(0.3);
  }

  @Test
  void shouldRankErrorKindsByHowMuchTheyMatter() {
    String truth = "There is a small left apical pneumothorax.";
    double denied = report(truth, "No pneumothorax.");
    double side = report(truth, "There is a small right apical pneumothorax.");
    double location = report(truth, "There is a small left basilar pneumothorax.");
    double size = report(truth, "There is a moderate left apical pneumothorax.");
    assertThat(denied).isGreaterThan(side);
    assertThat(side).isGreaterThan(location);
    assertThat(location).isGreaterThan(size);
  }

  @Test
  void shouldScoreCosmeticRewordingNearZero() {
    assertThat(report("No pleural effusion or pneumothorax.", "No pneumothorax or pleural effusion."))
        .isLessThanOrEqualTo(0.05);
    assertThat(report("The lungs are clear.", "The lungs are clear.")).isEqualTo(0.0);
  }

  @Test
  void shouldScoreAbsurdStatementsLow() {
    double absurd = vqa("How was this film taken?", "PA", "This chest X-ray was taken using an MRI machine.");
    double plausible = vqa("How was this film taken?", "PA", "This film was taken in the AP projection.");
    assertThat(absurd).isLessThan(0.2);
    assertThat(plausible).isGreaterThan(absurd);
    assertThat(report("Right middle lobe consolidation.", "Left middle lobe consolidation."))
        .isLessThan(report("Right lower lobe consolidation.", "Left lower lobe consolidation."));
  }

  @Test
  void shouldCountASubstitutedConfusableFindingOnce() {
    double s = report("There is a large right pleural effusion.", "There is large right pleural thickening.");
    assertThat(s).isEqualTo(0.68); // max(0.8, 0.3) x 0.85
  }

  @Test
  void shouldScoreWrongSidesLocationsAndSizesInShortAnswers() {
    double side = vqa("Where is the consolidation?", "right middle lobe",
        "The consolidation is located in the lingula on this chest X-ray.");
    double lobe = vqa("Where is the consolidation?", "right middle lobe",
        "The consolidation is located in the right lower lobe on this chest X-ray.");
    double size = vqa("How large is the pneumothorax?", "large", "The pneumothorax is small on this chest X-ray.");
    assertThat(side).isEqualTo(0.77); // 0.85 x 0.9
    assertThat(lobe).isEqualTo(0.6); // 0.85 x 0.7
    assertThat(size).isEqualTo(0.57); // 1.0 x (0.3 + 0.4 x 2/3)
  }

  @Test
  void shouldAgreeWithAShownScoreWithinTolerance() {
    JudgeRequest request = new JudgeRequest(ItemType.REPORT, "", "There is a small left apical pneumothorax.",
        "No pneumothorax.", List.of(), Deadline.none());
    Verdict agree = judge.judge(request, OptionalDouble.of(0.95));
    assertThat(agree.agreed()).isTrue();
    assertThat(agree.score()).isEqualTo(0.95);
    Verdict own = judge.judge(request, OptionalDouble.of(0.5));
    assertThat(own.agreed()).isFalse();
    assertThat(own.score()).isEqualTo(1.0);
  }
}
