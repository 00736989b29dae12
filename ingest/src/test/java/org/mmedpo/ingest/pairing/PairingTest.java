package org.mmedpo.ingest.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmedpo.ingest.pairing.Pairing.ImageKey;
import org.mmedpo.ingest.pairing.Pairing.ReportKey;
import org.mmedpo.ingest.pairing.Pairing.Status;

class PairingTest {

  @Test
  void shouldPairByStudyUidFirstThenByAccession() {
    Pairing.Result r = Pairing.pair(
        List.of(new ImageKey("a.dcm", "1.1", "ACC1"), new ImageKey("a2.dcm", "1.1", "ACC1"),
            new ImageKey("b.dcm", "2.2", "ACC2")),
        List.of(new ReportKey("a.txt", "1.1", null), new ReportKey("b.txt", null, "ACC2")), List.of());
    assertThat(r.images().get("a.dcm").partner()).isEqualTo("a.txt");
    assertThat(r.images().get("a2.dcm").partner()).isEqualTo("a.txt");
    assertThat(r.images().get("a.dcm").rule()).isEqualTo(Pairing.BY_STUDY_UID);
    assertThat(r.images().get("b.dcm").partner()).isEqualTo("b.txt");
    assertThat(r.images().get("b.dcm").rule()).isEqualTo(Pairing.BY_ACCESSION);
  }

  @Test
  void shouldRefuseAmbiguousAccessionsAndSecondReports() {
    Pairing.Result r = Pairing.pair(
        List.of(new ImageKey("a.dcm", "1.1", "ACC"), new ImageKey("b.dcm", "2.2", "ACC")),
        List.of(new ReportKey("r1.txt", null, "ACC"), new ReportKey("r2.txt", "1.1", null),
            new ReportKey("r3.txt", "1.1", null)), List.of());
    assertThat(r.reports().get("r1.txt").status()).isEqualTo(Status.FAILED);
    assertThat(r.reports().get("r1.txt").reason()).isEqualTo("accession number matches several studies");
    assertThat(r.reports().get("r2.txt").status()).isEqualTo(Status.PAIRED);
    assertThat(r.reports().get("r3.txt").reason()).isEqualTo("another report already pairs with this study");
    assertThat(r.images().get("b.dcm").status()).isEqualTo(Status.WAITING);
    assertThat(r.images().get("b.dcm").reason()).isEqualTo("no report for image");
  }

  @Test
  void shouldLetUnmatchedReportsWaitForTheirImage() {
    Pairing.Result r = Pairing.pair(List.of(), List.of(new ReportKey("r.txt", "9.9", "X")), List.of());
    assertThat(r.reports().get("r.txt").status()).isEqualTo(Status.WAITING);
    assertThat(r.reports().get("r.txt").reason()).isEqualTo("no image for report");
  }
}
