package org.mmedpo.streams.hallucination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mmedpo.events.ItemType;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.testing.ReleasedPairs;

class VqaAnswerWriterTest {

  private static final Pattern DOUBLED_WORD = Pattern.compile("(?i)\\b(\\w+) \\1\\b");
  private static final Pattern DOUBLED_SIDE = Pattern.compile("(?i)\\b(left|right)[\\s-]+(left|right)\\b");
  private static final Pattern DOUBLE_NEGATION = Pattern.compile("(?i)\\b(not not|no no|not no|cannot not)\\b");

  private final ClinicalHallucinationEngine engine = new ClinicalHallucinationEngine(RadiologyLexicon.standard());

  private String wrong(String question, String answer, long seed) {
    ItemType type = VqaAnswerWriter.polarity(answer).isPresent() ? ItemType.VQA_CLOSED : ItemType.VQA_OPEN;
    return engine.hallucinate(new HallucinationRequest(type, question, answer, null, null, seed,
        Deadline.none())).text();
  }

  @Test
  void shouldAnswerEveryReleasedQuestionWrongInWellFormedText() {
    assumeTrue(ReleasedPairs.available(), "released VQA-RAD pairs not found");
    List<ReleasedPairs.Pair> pairs = ReleasedPairs.load();
    long closedWords = 0;
    int closed = 0;
    for (ReleasedPairs.Pair pair : pairs) {
      if (pair.chosen().contains("Original Answer") || pair.chosen().startsWith("Question:")) {
        continue; // a few released ground truths carry the generating prompt, not an answer
      }
      String rejected = wrong(pair.question(), pair.chosen(), pair.id());
      assertThat(rejected).as("%d: %s", pair.id(), pair.question()).isNotBlank().endsWith(".")
          .doesNotContain("  ").doesNotContain(" ,").doesNotContain(" .");
      assertThat(DOUBLED_WORD.matcher(rejected).find()).as(rejected).isFalse();
      assertThat(DOUBLED_SIDE.matcher(rejected).find()).as(rejected).isFalse();
      assertThat(DOUBLE_NEGATION.matcher(rejected).find()).as(rejected).isFalse();
      assertThat(normalize(rejected)).as(pair.question()).isNotEqualTo(normalize(pair.chosen()));
      var polarity = VqaAnswerWriter.polarity(pair.chosen());
      if (polarity.isPresent()) {
        closed++;
        closedWords += TextEdits.words(rejected);
        assertThat(rejected).as(pair.question()).startsWith(polarity.get() ? "No" : "Yes");
        assertThat(TextEdits.words(rejected)).as(rejected).isBetween(3, 45);
      }
    }
    // Confident and justified, like the released rejected answers (about 13 words), not a bare flip.
    assertThat(closedWords / (double) closed).isGreaterThan(8.0);
  }

  @Test
  void shouldRestateAClosedQuestionAsAConfidentWrongStatement() {
    assertThat(wrong("Are regions of the brain infarcted?", "Yes", 1))
        .startsWith("No, regions of the brain are not infarcted");
    assertThat(wrong("Is there evidence of a pneumothorax", "No", 1))
        .isEqualTo("Yes, there is evidence of a pneumothorax, with a visible visceral pleural line "
            + "with no lung markings beyond it.");
    assertThat(wrong("Is the heart enlarged?", "No", 1))
        .isEqualTo("Yes, the heart is enlarged, with a cardiothoracic ratio above 0.5.");
    assertThat(wrong("Is the trachea midline?", "Yes", 1)).isEqualTo("No, the trachea is not midline on this image.");
    assertThat(wrong("Does the patient have a pleural effusion?", "no", 1))
        .startsWith("Yes, the patient has a pleural effusion, with blunting");
    assertThat(wrong("Can you appreciate a pleural effusion?", "Yes", 1))
        .startsWith("No, you cannot appreciate a pleural effusion, and the costophrenic angles are sharp");
  }

  @Test
  void shouldSwapSideLocationModalityAndFindingInOpenAnswers() {
    assertThat(wrong("Where is the abnormality located?", "Right lower lobe", 1))
        .isEqualTo("The abnormality is located in the left lower lobe on this image.");
    assertThat(wrong("Which side is the effusion on?", "left", 1)).contains("on the right side");
    assertThat(wrong("What is the imaging modality?", "CT", 1)).matches("This is an? (X-ray|MRI|ultrasound|angiography) image.*");
    assertThat(wrong("What plane is this image?", "Axial", 1)).matches("This image is in the (coronal|sagittal) plane\\.");
    String finding = wrong("What is the abnormality?", "pleural effusion", 1);
    assertThat(finding).matches("The image shows (pleural thickening|atelectasis), with .*\\.");
    assertThat(wrong("How many lesions are there?", "2", 1)).isIn("1.", "3.");
  }

  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", "").strip();
  }
}
