package org.mmedpo.ingest.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.ingest.dicom.DicomParser;
import org.mmedpo.ingest.dicom.PixelLimits;
import org.mmedpo.ingest.dicom.PixelPipeline;
import org.mmedpo.ingest.synth.StudyPlan;
import org.mmedpo.ingest.synth.SyntheticExport;

class ExportReaderTest {

  @TempDir Path dir;

  @Test
  void shouldReadEveryStudyInFolderOrderWithGroundTruth() throws IOException {
    SyntheticExport.Result result = new SyntheticExport().write(dir, 10, 9, 128, 2);
    List<Study> studies = ExportReader.read(dir);
    assertThat(studies).extracting(Study::studyId)
        .containsExactlyElementsOf(result.plans().stream().map(StudyPlan::folder).toList());
    for (int i = 0; i < studies.size(); i++) {
      Study study = studies.get(i);
      StudyPlan plan = result.plans().get(i);
      assertThat(study.image().width()).isEqualTo(128);
      assertThat(study.image().bits()).isEqualTo(16);
      assertThat(study.findings()).isNotBlank();
      assertThat(study.impression()).isNotBlank();
      assertThat(study.vqa()).isNotEmpty();
      assertThat(study.annotations()).extracting(a -> a.getLabel().toString())
          .containsExactlyElementsOf(plan.findings().stream().map(f -> f.label()).toList());
      assertThat(study.annotations()).allSatisfy(a -> assertThat(a.getMask()).isNull());
    }
  }

  @Test
  void shouldReturnExactlyThePixelsOfThePixelPipeline() throws Exception {
    new SyntheticExport().write(dir, 2, 4, 128, 1);
    Study study = ExportReader.read(dir).get(1);
    byte[] dicom = Files.readAllBytes(dir.resolve("study-00002/image-1.dcm"));
    assertThat(study.image()).isEqualTo(
        PixelPipeline.decode(new DicomParser(1 << 28).parse(dicom), PixelLimits.DEFAULT).image());
  }

  @Test
  void shouldScrubPlantedPatientDataFromReportText() throws IOException {
    SyntheticExport.Result result = new SyntheticExport().write(dir, 30, 21, 64, 2);
    for (Study study : ExportReader.read(dir)) {
      String text = (study.findings() + "\n" + study.impression()).toLowerCase();
      for (String planted : result.planted()) {
        assertThat(text).as(study.studyId()).doesNotContain(planted.toLowerCase());
      }
    }
  }

  @Test
  void shouldSkipFilesThatDoNotReadAndKeepTheRest() throws IOException {
    new SyntheticExport().write(dir, 3, 8, 64, 1);
    Files.writeString(dir.resolve("study-00002/image-1.dcm"), "not a DICOM file");
    Files.write(dir.resolve("stray.dcm"), new byte[0]);
    assertThat(ExportReader.read(dir)).extracting(Study::studyId)
        .containsExactly("study-00001", "study-00003");
  }
}
