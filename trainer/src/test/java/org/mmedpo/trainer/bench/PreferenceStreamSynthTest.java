package org.mmedpo.trainer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.trainer.data.ExportStudy;
import org.mmedpo.trainer.data.ToyStudies;

class PreferenceStreamSynthTest {

  @TempDir Path dir;

  @Test
  void shouldMakeTextAndImagePairsWithPaperNormalizedWeights() {
    List<ExportStudy> studies = new ArrayList<>();
    for (ExportStudy s : ToyStudies.make(20, 3)) {
      studies.add(new ExportStudy(s.studyId(), s.image(), s.findings(), s.impression(), s.vqa(),
          s.findings().contains("nodule") ? List.of(box()) : List.of()));
    }
    List<PreferenceSample> samples = PreferenceStreamSynth.make(studies,
        new LocalBlobStore(dir), 1000, 1);
    assertThat(samples).extracting(PreferenceSample::getKind)
        .contains(DispreferenceKind.TEXT_HALLUCINATION, DispreferenceKind.LESION_NEGLECT);
    assertThat(samples).allSatisfy(s -> assertThat(s.getWeight()).isBetween(0.75, 1.25));
    assertThat(samples).filteredOn(s -> s.getKind() == DispreferenceKind.LESION_NEGLECT)
        .allSatisfy(s -> {
          assertThat(s.getRejectedText()).isEqualTo(s.getChosenText());
          assertThat(s.getRejectedImage().getSha256()).isNotEqualTo(s.getChosenImage().getSha256());
        });
    assertThat(samples).extracting(PreferenceSample::getSampleId).doesNotHaveDuplicates();
  }

  @Test
  void shouldNoiseOnlyInsideTheLesionBoxes() {
    GrayImage image = GrayImage.blank(32, 32, 16);
    GrayImage noised = PreferenceStreamSynth.noiseLesions(image, List.of(box()),
        new SplittableRandom(1));
    int changedOutside = 0;
    int changedInside = 0;
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        boolean inside = x >= 4 && x < 12 && y >= 6 && y < 14;
        boolean changed = noised.get(x, y) != 0;
        changedInside += inside && changed ? 1 : 0;
        changedOutside += !inside && changed ? 1 : 0;
      }
    }
    assertThat(changedOutside).isZero();
    assertThat(changedInside).isGreaterThan(20);
  }

  private static LesionAnnotation box() {
    return LesionAnnotation.newBuilder().setLabel("nodule").setX(4).setY(6).setWidth(8)
        .setHeight(8).build();
  }
}
