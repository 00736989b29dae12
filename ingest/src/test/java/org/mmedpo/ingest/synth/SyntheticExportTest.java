package org.mmedpo.ingest.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.ingest.dicom.DicomParser;
import org.mmedpo.ingest.dicom.PixelLimits;
import org.mmedpo.ingest.dicom.PixelPipeline;
import org.mmedpo.ingest.lexicon.FindingLexicon;

class SyntheticExportTest {

  @TempDir Path dir;

  @Test
  void shouldWriteIdenticalBytesForTheSameSeedWhateverTheThreadCount() throws IOException {
    new SyntheticExport().write(dir.resolve("a"), 6, 42, 128, 1);
    new SyntheticExport().write(dir.resolve("b"), 6, 42, 128, 2);
    Map<String, byte[]> a = files(dir.resolve("a"));
    Map<String, byte[]> b = files(dir.resolve("b"));
    assertThat(a.keySet()).isEqualTo(b.keySet()).isNotEmpty();
    a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void shouldWriteDifferentStudiesForAnotherSeed() throws IOException {
    new SyntheticExport().write(dir.resolve("a"), 2, 1, 128, 1);
    new SyntheticExport().write(dir.resolve("b"), 2, 2, 128, 1);
    assertThat(Files.readAllBytes(dir.resolve("a/study-00001/image-1.dcm")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("b/study-00001/image-1.dcm")));
  }

  @Test
  void shouldKeepPlantedPatientDataOutOfFileNamesButInTheFiles() throws IOException {
    SyntheticExport.Result result = new SyntheticExport().write(dir, 8, 5, 128, 2);
    Map<String, byte[]> files = files(dir);
    for (String name : files.keySet()) {
      for (String planted : result.planted()) {
        assertThat(name.toLowerCase()).doesNotContain(planted.toLowerCase());
      }
    }
    StudyPlan first = result.plans().get(0);
    String dicom = new String(files.get(first.folder() + "/image-1.dcm"), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(dicom).contains(first.patient().family()).contains(first.patient().patientId())
        .contains(first.patient().accession()).contains(first.patient().institution());
  }

  @Test
  void shouldMakeNormalStudiesTheMajorityAndDrawEveryFinding() {
    FindingLexicon lexicon = FindingLexicon.standard();
    SplittableRandom rng = new SplittableRandom(3);
    int normal = 0;
    Map<String, Integer> labels = new HashMap<>();
    for (int i = 1; i <= 2000; i++) {
      StudyPlan plan = StudyPlan.draw(i, rng.split(), lexicon);
      normal += plan.normal() ? 1 : 0;
      plan.findings().forEach(f -> labels.merge(f.label(), 1, Integer::sum));
    }
    assertThat(normal / 2000.0).isBetween(0.50, 0.60);
    assertThat(labels.keySet()).containsExactlyInAnyOrderElementsOf(lexicon.labels());
  }

  /**
   * At 64 x 64, a lateralized finding's region must differ clearly from the mirror region on the
   * other side of the chest: what a small model must learn to see.
   */
  @Test
  void shouldDrawLateralFindingsThatStayVisibleAt64Pixels() throws Exception {
    FindingLexicon lexicon = FindingLexicon.standard();
    SplittableRandom rng = new SplittableRandom(11);
    int checked = 0;
    for (int i = 1; checked < 60 && i < 2000; i++) {
      StudyPlan plan = StudyPlan.draw(i, rng.split(), lexicon);
      if (plan.findings().size() != 1 || plan.findings().get(0).side() == null
          || plan.findings().get(0).side().equals("bilateral")) {
        continue;
      }
      ChestRadiograph.Image image = ChestRadiograph.draw(plan, 256, new SplittableRandom(plan.seed()));
      byte[] dicom = SyntheticExport.dicom(plan, image);
      GrayImage display = PixelPipeline.decode(new DicomParser(1 << 28).parse(dicom), PixelLimits.DEFAULT).image();
      double[] small = downscale(display, 64);
      boolean[] inside = downscaleMask(image.masks().get(0).inside(), 256, 64);
      double in = 0;
      double mirror = 0;
      int count = 0;
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 64; x++) {
          if (inside[y * 64 + x]) {
            in += small[y * 64 + x];
            mirror += small[y * 64 + (63 - x)];
            count++;
          }
        }
      }
      assertThat(count).as("mask pixels at 64 for %s", plan.findings()).isGreaterThanOrEqualTo(3);
      double contrast = Math.abs(in - mirror) / count / 65535.0;
      assertThat(contrast).as("contrast at 64x64 of %s", plan.findings()).isGreaterThan(0.06);
      checked++;
    }
    assertThat(checked).isEqualTo(60);
  }

  @Test
  void shouldPlaceRightSidedFindingsOnTheImageLeft() throws Exception {
    FindingLexicon lexicon = FindingLexicon.standard();
    SplittableRandom rng = new SplittableRandom(12);
    int checked = 0;
    for (int i = 1; checked < 30 && i < 2000; i++) {
      StudyPlan plan = StudyPlan.draw(i, rng.split(), lexicon);
      if (plan.findings().isEmpty() || !"right".equals(plan.findings().get(0).side())) {
        continue;
      }
      ChestRadiograph.Mask mask = ChestRadiograph.draw(plan, 128, new SplittableRandom(plan.seed())).masks().get(0);
      assertThat(mask.x() + mask.width()).as("%s", plan.findings()).isLessThanOrEqualTo(72);
      checked++;
    }
    assertThat(checked).isEqualTo(30);
  }

  static double[] downscale(GrayImage image, int size) {
    int f = image.width() / size;
    double[] out = new double[size * size];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        out[(y / f) * size + x / f] += image.get(x, y) / (double) (f * f);
      }
    }
    return out;
  }

  static boolean[] downscaleMask(boolean[] mask, int from, int size) {
    int f = from / size;
    int[] counts = new int[size * size];
    for (int y = 0; y < from; y++) {
      for (int x = 0; x < from; x++) {
        if (mask[y * from + x]) {
          counts[(y / f) * size + x / f]++;
        }
      }
    }
    boolean[] out = new boolean[size * size];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts[i] * 2 > f * f;
    }
    return out;
  }

  static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @SuppressWarnings("unused")
  private static List<String> unused() {
    return List.of();
  }
}
