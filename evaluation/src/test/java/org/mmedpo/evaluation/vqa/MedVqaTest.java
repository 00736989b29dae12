package org.mmedpo.evaluation.vqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MedVqaTest {

  @Test
  void shouldLowerCaseAndDropPeriodsArticlesAndSeparatedPunctuation() {
    assertThat(MedVqa.normalize("Yes.")).isEqualTo("yes");
    assertThat(MedVqa.normalize("The left lung, mostly.")).isEqualTo("left lung mostly");
    assertThat(MedVqa.normalize("An effusion (small)")).isEqualTo("effusion small");
  }

  @Test
  void shouldSpaceOutPunctuationThatTouchesNoSpaceAndDeleteItOtherwise() {
    // "-" never next to a space: becomes a space. "- " occurs: every "-" is deleted.
    assertThat(MedVqa.normalize("left-sided")).isEqualTo("left sided");
    assertThat(MedVqa.normalize("x - ray of left-sided")).isEqualTo("x ray of leftsided");
    // A digit-comma-digit anywhere deletes every listed punctuation mark instead of spacing it.
    assertThat(MedVqa.normalize("1,000 left-sided")).isEqualTo("1000 leftsided");
  }

  @Test
  void shouldKeepDecimalPointsAndCharactersOutsideTheList() {
    assertThat(MedVqa.normalize("3.5 cm.")).isEqualTo("3.5 cm");
    assertThat(MedVqa.normalize("A: patient's")).isEqualTo("a: patient's");
  }

  @Test
  void shouldMapNumberWordsAndRepairContractions() {
    assertThat(MedVqa.normalize("Two nodules")).isEqualTo("2 nodules");
    assertThat(MedVqa.normalize("None")).isEqualTo("0");
    assertThat(MedVqa.normalize("isnt it")).isEqualTo("isn't it");
  }

  @Test
  void shouldRemoveAtMostThirtyTwoPeriodsLikeTheReference() {
    // re.sub(pattern, "", text, re.UNICODE) passes re.UNICODE (32) as the count.
    String text = "x. ".repeat(33).trim();
    assertThat(MedVqa.normalize(text)).isEqualTo("x ".repeat(32) + "x.");
  }

  @Test
  void shouldHitAClosedQuestionWhenTheAnswerIsASubstringOfThePrediction() {
    assertThat(MedVqa.closedHit("No", "No, there is no effusion.")).isTrue();
    assertThat(MedVqa.closedHit("yes", "No.")).isFalse();
    assertThat(MedVqa.closedHit("Yes", "YES!")).isTrue();
    // The reference's substring rule, weakness included: "no" is inside "not".
    assertThat(MedVqa.closedHit("no", "The heart is not normal")).isTrue();
    assertThat(MedVqa.closedHit("yes", "")).isFalse();
  }

  @Test
  void shouldRecallGroundTruthWordsForOpenQuestions() {
    // truth [left, lung], prediction [left, lung]: tp = 2, fn = 0, recall 1.
    assertThat(MedVqa.openRecall("left lung", "The left lung.")).isEqualTo(1.0);
    // truth [left, lower, lobe], prediction [lower, lobe, of, right, lung]:
    // tp = 1 (lower) + 1 (lobe) = 2, fn = 1 (left), recall 2/3.
    assertThat(MedVqa.openRecall("left lower lobe", "lower lobe of the right lung")).isCloseTo(2.0 / 3, within(1e-15));
    // Number words normalize on both sides: truth [2], prediction [2, nodules].
    assertThat(MedVqa.openRecall("2", "two nodules")).isEqualTo(1.0);
  }

  @Test
  void shouldCountRepeatedPredictedWordsAsTheReferenceDoes() {
    // truth [left, lung], prediction [left, left, left]: tp = 3 occurrences of "left", fn = 1 (lung),
    // recall 3 / (3 + 1) = 0.75 (a plain word recall would say 1/2).
    assertThat(MedVqa.openRecall("left lung", "left left left")).isEqualTo(0.75);
  }

  @Test
  void shouldRecallNothingFromAnEmptyOrUnrelatedPrediction() {
    assertThat(MedVqa.openRecall("left lung", "")).isZero();
    assertThat(MedVqa.openRecall("left lung", "cardiomegaly")).isZero();
  }

  @Test
  void shouldRejectAGroundTruthThatNormalizesToNothing() {
    assertThatThrownBy(() -> MedVqa.closedHit("", "yes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty after normalization");
    assertThatThrownBy(() -> MedVqa.openRecall("The.", "anything"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
