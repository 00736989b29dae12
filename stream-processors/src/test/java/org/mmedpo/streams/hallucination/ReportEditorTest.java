package org.mmedpo.streams.hallucination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.Operation;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.common.text.ReportText;

class ReportEditorTest {

  /** Reports in the style of the synthetic chest X-ray export and of IU-Xray / MIMIC-CXR. */
  static final List<String[]> REPORTS = List.of(
      new String[] {"The heart size is normal. The lungs are clear. No pleural effusion or pneumothorax.",
          "No acute cardiopulmonary process."},
      new String[] {"There is a moderate right pleural effusion with adjacent atelectasis. The heart is normal in size. No pneumothorax.",
          "Moderate right pleural effusion."},
      new String[] {"There is a small left apical pneumothorax. The lungs are otherwise clear. No pleural effusion.",
          "Small left apical pneumothorax."},
      new String[] {"Right middle lobe consolidation. Mild cardiomegaly. Bilateral pleural effusions are present.",
          "Right middle lobe pneumonia. Bilateral effusions."},
      new String[] {"There are small bilateral pleural effusions. Bibasilar atelectasis. No focal consolidation.",
          "Small bilateral effusions with bibasilar atelectasis."},
      new String[] {"A 1 cm nodule is seen in the left upper lobe. Heart size is normal.",
          "Left upper lobe pulmonary nodule."},
      new String[] {"Opacity in the lingula. No pneumothorax.", ""},
      new String[] {"Heart size is normal and the lungs are clear. There is no evidence of pneumothorax, but there is a large left pleural effusion.",
          "Large left pleural effusion."},
      new String[] {"Severe cardiomegaly with pulmonary vascular congestion. Retrocardiac opacity. No pneumothorax.",
          "Cardiomegaly with congestion. Retrocardiac opacity may represent atelectasis."});

  private static final Pattern DOUBLED_SIDE = Pattern.compile("(?i)\\b(left|right)[\\s-]+(left|right)\\b");
  private static final Pattern IMPOSSIBLE_LOBE = Pattern.compile(
      "(?i)\\b(left[\\s-]+middle lobe|(left|right)[\\s-]+lingula\\w*|right[\\s-]+retrocardiac)\\b");
  private static final Pattern DOUBLED_WORD = Pattern.compile("(?i)\\b(\\w+) \\1\\b");

  private final ClinicalHallucinationEngine engine = new ClinicalHallucinationEngine(RadiologyLexicon.standard());
  private final ReportEditor editor = new ReportEditor(RadiologyLexicon.standard());

  private HallucinatedText run(String[] report, long seed) {
    return engine.hallucinate(new HallucinationRequest(ItemType.REPORT, "Write the report.",
        ReportText.compose(report[0], report[1]), "DX", "CHEST", seed, Deadline.none()));
  }

  @Test
  void shouldKeepEveryVariantWellFormedAndDifferent() {
    for (String[] report : REPORTS) {
      String chosen = ReportText.compose(report[0], report[1]);
      for (long seed = 0; seed < 40; seed++) {
        HallucinatedText out = run(report, seed);
        assertThat(out.text()).as("seed %d of %s", seed, report[0]).isNotEqualTo(chosen);
        assertThat(out.operations()).isNotEmpty();
        assertThat(DOUBLED_SIDE.matcher(out.text()).find()).as(out.text()).isFalse();
        assertThat(IMPOSSIBLE_LOBE.matcher(out.text()).find()).as(out.text()).isFalse();
        assertThat(DOUBLED_WORD.matcher(out.text()).find()).as(out.text()).isFalse();
        assertThat(out.text()).doesNotContain("  ").doesNotContain(" ,").doesNotContain(" .")
            .doesNotContain("..").doesNotContain("a a ").doesNotContain(" an large");
        ReportText.Sections sections = ReportText.split(out.text());
        for (String sentence : sections.findings().split("(?<=\\.)\\s+")) {
          assertThat(Character.isUpperCase(sentence.charAt(0))).as(sentence).isTrue();
          assertThat(sentence).as(sentence).endsWith(".");
        }
        for (Operation op : out.operations()) {
          assertThat(op.getName()).isIn(OperationNames.NEGATE_FINDING, OperationNames.SWAP_LATERALITY,
              OperationNames.MOVE_LOCATION, OperationNames.CHANGE_SEVERITY,
              OperationNames.SUBSTITUTE_FINDING, OperationNames.INVENT_FINDING,
              OperationNames.OMIT_FINDING, OperationNames.CHANGE_IMPRESSION);
          assertThat(chosen).contains(op.getBefore());
        }
      }
    }
  }

  @Test
  void shouldGiveTheSameVariantForTheSameSeed() {
    for (String[] report : REPORTS) {
      assertThat(run(report, 7)).isEqualTo(run(report, 7));
    }
  }

  @Test
  void shouldUseSeveralOperationsAcrossSeeds() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (String[] report : REPORTS) {
      for (long seed = 0; seed < 20; seed++) {
        run(report, seed).operations().forEach(op -> names.add(op.getName()));
      }
    }
    assertThat(names).contains(OperationNames.NEGATE_FINDING, OperationNames.SWAP_LATERALITY,
        OperationNames.MOVE_LOCATION, OperationNames.CHANGE_SEVERITY, OperationNames.SUBSTITUTE_FINDING,
        OperationNames.INVENT_FINDING, OperationNames.OMIT_FINDING, OperationNames.CHANGE_IMPRESSION);
  }

  private ReportEditor.Result only(ReportEditor.Op op, String finding, String findings, String impression) {
    return editor.applyOnly(op, finding, findings, impression, true, new SplittableRandom(3)).orElseThrow();
  }

  @Test
  void shouldNegateAPresentFindingAndItsImpression() {
    ReportEditor.Result r = only(ReportEditor.Op.NEGATE, "pneumothorax",
        "There is a small left apical pneumothorax. No pleural effusion.", "Small left apical pneumothorax.");
    assertThat(r.findings()).isEqualTo("No pneumothorax. No pleural effusion.");
    assertThat(r.impression()).isEqualTo("No pneumothorax.");
  }

  @Test
  void shouldKeepTheRestOfANegatedListWhenAssertingOneItem() {
    ReportEditor.Result r = only(ReportEditor.Op.NEGATE, "pneumothorax",
        "The heart size is normal. No pleural effusion or pneumothorax.", "No acute cardiopulmonary process.");
    assertThat(r.findings()).startsWith("The heart size is normal. No pleural effusion. There is a ")
        .contains("pneumothorax.");
    assertThat(r.impression()).contains("pneumothorax").doesNotContain("No acute");
  }

  @Test
  void shouldRemoveADanglingNegationWhenItsOnlyItemIsAsserted() {
    assertThat(ReportEditor.removeListItem("Small right effusion without pneumothorax.",
        new org.mmedpo.streams.radiology.Span(29, 41))).isEqualTo("Small right effusion.");
  }

  @Test
  void shouldContradictANormalStatement() {
    ReportEditor.Result r = only(ReportEditor.Op.NEGATE, "cardiomegaly",
        "The heart size is normal. The lungs are clear.", "");
    assertThat(r.findings()).matches("There is (mild |moderate |severe )?cardiomegaly\\. The lungs are clear\\.");
  }

  @Test
  void shouldSwapSidesWithoutDoublingThem() {
    ReportEditor.Result r = only(ReportEditor.Op.SWAP, "pneumothorax",
        "There is a small left apical pneumothorax.", "Small left apical pneumothorax.");
    assertThat(r.findings()).isEqualTo("There is a small right apical pneumothorax.");
    assertThat(r.impression()).isEqualTo("Small right apical pneumothorax.");
  }

  @Test
  void shouldMakeABilateralFindingSingularWhenItMovesToOneSide() {
    ReportEditor.Result r = only(ReportEditor.Op.SWAP, "pleural effusion",
        "There are small bilateral pleural effusions.", "");
    assertThat(r.findings()).matches("There is a small (left|right) pleural effusion\\.");
  }

  @Test
  void shouldTurnTheRightMiddleLobeIntoTheLingulaOnTheLeft() {
    ReportEditor.Result r = only(ReportEditor.Op.SWAP, "consolidation", "Right middle lobe consolidation.", "");
    assertThat(r.findings()).isEqualTo("Lingular consolidation.");
    ReportEditor.Result back = only(ReportEditor.Op.SWAP, "opacity", "Opacity in the lingula.", "");
    assertThat(back.findings()).isEqualTo("Opacity in the right middle lobe.");
  }

  @Test
  void shouldSplitBibasilarIntoOneSide() {
    ReportEditor.Result r = only(ReportEditor.Op.SWAP, "atelectasis", "Bibasilar atelectasis.", "");
    assertThat(r.findings()).matches("(Left|Right) basilar atelectasis\\.");
  }

  @Test
  void shouldMoveALocationWithinItsGroupAndSide() {
    ReportEditor.Result r = only(ReportEditor.Op.MOVE, "pneumothorax", "Small left apical pneumothorax.", "");
    assertThat(r.findings()).isEqualTo("Small left basilar pneumothorax.");
    for (int seed = 0; seed < 20; seed++) {
      ReportEditor.Result lobe = editor.applyOnly(ReportEditor.Op.MOVE, "consolidation",
          "Left lower lobe consolidation.", "", true, new SplittableRandom(seed)).orElseThrow();
      assertThat(lobe.findings()).isIn("Left upper lobe consolidation.", "Lingular consolidation.");
    }
  }

  @Test
  void shouldChangeSizeWordsAndMeasurements() {
    assertThat(only(ReportEditor.Op.SEVERITY, "pneumothorax", "There is a small left pneumothorax.", "")
        .findings()).isEqualTo("There is a large left pneumothorax.");
    assertThat(only(ReportEditor.Op.SEVERITY, "cardiomegaly", "Severe cardiomegaly.", "").findings())
        .isEqualTo("Mild cardiomegaly.");
    assertThat(only(ReportEditor.Op.SEVERITY, "pulmonary nodule", "A 1 cm nodule is seen in the left upper lobe.", "")
        .findings()).isEqualTo("A 3 cm nodule is seen in the left upper lobe.");
    assertThat(only(ReportEditor.Op.SEVERITY, "pleural effusion", "There is an effusion.", "").findings())
        .isEqualTo("There is a large effusion.");
  }

  @Test
  void shouldSubstituteAConfusableFindingAndFixItsArticle() {
    ReportEditor.Result r = only(ReportEditor.Op.SUBSTITUTE, "pneumothorax",
        "There is a small left apical pneumothorax.", "");
    assertThat(r.findings()).isIn("There is a small left apical skin fold.", "There is a small left apical bulla.");
    for (int seed = 0; seed < 10; seed++) {
      ReportEditor.Result effusion = editor.applyOnly(ReportEditor.Op.SUBSTITUTE, "pleural effusion",
          "There is an effusion on the right.", "", true, new SplittableRandom(seed)).orElseThrow();
      assertThat(effusion.findings()).isIn("There is pleural thickening on the right.",
          "There is atelectasis on the right.");
    }
  }

  @Test
  void shouldOmitTheSentenceOfAKeyFinding() {
    ReportEditor.Result r = only(ReportEditor.Op.OMIT, "pneumothorax",
        "There is a small left apical pneumothorax. No pleural effusion.", "Small left apical pneumothorax.");
    assertThat(r.findings()).isEqualTo("No pleural effusion.");
    assertThat(r.impression()).isEqualTo("No acute cardiopulmonary process.");
  }

  @Test
  void shouldInventAFindingWithAPlausibleDescription() {
    for (int seed = 0; seed < 30; seed++) {
      ReportEditor.Result r = editor.applyOnly(ReportEditor.Op.INVENT, "pneumothorax",
          "The heart size is normal. No pleural effusion.", "No acute cardiopulmonary process.", true,
          new SplittableRandom(seed)).orElseThrow();
      assertThat(r.findings()).containsPattern(
          "There is an? (small |moderate |large )?(left|right) ((apical|basilar) )?pneumothorax\\.");
      assertThat(r.impression()).endsWith("pneumothorax.");
    }
  }

  @Test
  void shouldChangeAnAbnormalImpressionToANormalOne() {
    ReportEditor.Result r = only(ReportEditor.Op.IMPRESSION, null,
        "There is a moderate right pleural effusion.", "Moderate right pleural effusion.");
    assertThat(r.findings()).isEqualTo("There is a moderate right pleural effusion.");
    assertThat(r.impression()).isEqualTo("No acute cardiopulmonary process.");
  }

  @Test
  void shouldRejectAnEmptyReport() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.hallucinate(new HallucinationRequest(
        ItemType.REPORT, "Write the report.", " ", "DX", "CHEST", 1, Deadline.none())))
        .isInstanceOf(HallucinationException.class).extracting("reason").isEqualTo("empty report");
  }
}
