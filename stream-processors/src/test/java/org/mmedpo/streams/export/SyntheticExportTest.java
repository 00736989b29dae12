package org.mmedpo.streams.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.VqaAnswerType;
import org.mmedpo.ingest.export.ExportReader;
import org.mmedpo.ingest.export.Study;
import org.mmedpo.ingest.synth.SyntheticExport;
import org.mmedpo.streams.bench.ExportPairs;
import org.mmedpo.streams.hallucination.ClinicalHallucinationEngine;
import org.mmedpo.streams.hallucination.HallucinatedText;
import org.mmedpo.streams.hallucination.HallucinationRequest;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.common.text.ReportText;
import org.mmedpo.streams.testing.TopologyFixture;

/**
 * The processors on the synthetic chest X-ray export that ingest sends (the ingest module's
 * generator and reader): every report and VQA item gets a well-formed wrong variant, and every
 * pair gets its text and image samples.
 */
class SyntheticExportTest {

  private static final Pattern DOUBLED_SIDE = Pattern.compile("(?i)\\b(left|right)[\\s-]+(left|right)\\b");
  private static final Pattern IMPOSSIBLE = Pattern.compile(
      "(?i)\\b(left[\\s-]+middle lobe|(left|right)[\\s-]+lingula\\w*|right[\\s-]+retrocardiac)\\b");
  private static final Pattern DOUBLED_WORD = Pattern.compile("(?i)\\b(\\w+) \\1\\b");

  @TempDir static Path dir;
  static List<Study> studies;

  @BeforeAll
  static void export() throws Exception {
    new SyntheticExport().write(dir.resolve("export"), 60, 11, 96, 1);
    studies = ExportReader.read(dir.resolve("export"));
  }

  @Test
  void shouldWriteAWellFormedWrongVariantOfEveryReportAndAnswer() {
    ClinicalHallucinationEngine engine = new ClinicalHallucinationEngine(RadiologyLexicon.standard());
    assertThat(studies).hasSize(60);
    int items = 0;
    long seed = 0;
    for (Study study : studies) {
      String report = ReportText.compose(study.findings(), study.impression());
      check(report, engine.hallucinate(new HallucinationRequest(ItemType.REPORT, "Write the report.", report,
          "DX", "CHEST", seed++, Deadline.none())));
      items++;
      for (var vqa : study.vqa()) {
        ItemType type = vqa.getAnswerType() == VqaAnswerType.CLOSED ? ItemType.VQA_CLOSED : ItemType.VQA_OPEN;
        HallucinatedText out = engine.hallucinate(new HallucinationRequest(type, vqa.getQuestion(), vqa.getAnswer(),
            "DX", "CHEST", seed++, Deadline.none()));
        check(vqa.getAnswer(), out);
        if (type == ItemType.VQA_CLOSED) {
          assertThat(out.text()).startsWith(vqa.getAnswer().equalsIgnoreCase("yes") ? "No" : "Yes");
        }
        assertThat(out.text()).as(vqa.getQuestion()).doesNotStartWith("No abnormality is seen");
        items++;
      }
    }
    assertThat(items).isGreaterThan(250);
  }

  private static void check(String chosen, HallucinatedText out) {
    assertThat(out.text()).isNotEqualToIgnoringCase(chosen);
    assertThat(DOUBLED_SIDE.matcher(out.text()).find()).as(out.text()).isFalse();
    assertThat(IMPOSSIBLE.matcher(out.text()).find()).as(out.text()).isFalse();
    assertThat(DOUBLED_WORD.matcher(out.text()).find()).as(out.text()).isFalse();
    assertThat(out.text()).doesNotContain("  ").doesNotContain(" .").doesNotContain(" ,");
    assertThat(out.operations()).isNotEmpty();
  }

  @Test
  void shouldMakeTextAndImageSamplesForEveryPairOfTheExport() {
    try (TopologyFixture f = new TopologyFixture(dir.resolve("run"), Map.of())) {
      long expected = 0;
      for (Study s : studies) {
        ImageReportPair pair = ExportPairs.pair(f.blobs, "synthetic", s.studyId(), s.image(), s.findings(),
            s.impression(), s.vqa(), s.annotations());
        expected += 2L * (1 + s.vqa().size());
        f.send(pair);
      }
      List<DispreferredVariant> variants = TopologyFixture.values(f.variants);
      List<PreferenceSample> samples = TopologyFixture.values(f.preferences);
      assertThat(f.deadLetters.isEmpty()).isTrue();
      assertThat(samples).hasSize((int) expected);
      assertThat(samples.stream().filter(s -> s.getKind() == DispreferenceKind.LESION_NEGLECT)).hasSize((int) expected / 2);
      // Abnormal studies are noised where the ground truth says; normal ones where the fallback looks.
      assertThat(variants.stream().filter(v -> v.getKind() == DispreferenceKind.LESION_NEGLECT)
          .map(DispreferredVariant::getLocalizer).distinct()).containsExactlyInAnyOrder("ground-truth", "contrast");
      assertThat(samples).allSatisfy(s -> assertThat(s.getWeight()).isBetween(0.75, 1.25));
    }
  }
}
