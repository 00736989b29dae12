package org.mmedpo.ingest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mmedpo.ingest.lexicon.FindingLexicon;

class ReportParserTest {

  @Test
  void shouldReadSectionsAndPairingKeysOfAPlainTextReport() throws Exception {
    String text = "Patient: DOE, Jane    MRN: 1234567\nAccession: RA1    Study UID: 1.2.3.4\n\n"
        + "FINDINGS:\nLine one.\nLine two.\n\nIMPRESSION: Normal.\n\nDictated by: Dr. X Y, MD\n";
    ParsedReport r = ReportParser.parse(text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.studyInstanceUid()).isEqualTo("1.2.3.4");
    assertThat(r.accessionNumber()).isEqualTo("RA1");
    assertThat(r.findings()).isEqualTo("Line one.\nLine two.");
    assertThat(r.impression()).isEqualTo("Normal.");
    assertThat(r.knownIdentifiers()).contains("1234567", "RA1");
    assertThat(r.knownNames()).anyMatch(n -> n.contains("DOE"));
  }

  @Test
  void shouldRejectReportsWithoutSectionsOrInvalidUtf8() {
    assertThatThrownBy(() -> ReportParser.parse("just words".getBytes(StandardCharsets.UTF_8)))
        .extracting(e -> ((ReportFormatException) e).reason())
        .isEqualTo("report has no FINDINGS or IMPRESSION section");
    assertThatThrownBy(() -> ReportParser.parse(new byte[] {'F', (byte) 0xC3, (byte) 0x28}))
        .extracting(e -> ((ReportFormatException) e).reason()).isEqualTo("invalid characters in report");
  }

  @Test
  void shouldReadTheFhirDiagnosticReportTheSyntheticExportWrites() throws Exception {
    var lexicon = FindingLexicon.standard();
    var rng = new SplittableRandom(5);
    org.mmedpo.ingest.synth.StudyPlan plan;
    do {
      plan = org.mmedpo.ingest.synth.SyntheticExportAccess.plan(rng, lexicon);
    } while (!plan.reportNamesStudyUid());
    var writer = new org.mmedpo.ingest.synth.ReportWriter(lexicon);
    var written = writer.write(plan, rng);
    ParsedReport r = ReportParser.parse(writer.fhir(plan, written).getBytes(StandardCharsets.UTF_8));
    assertThat(r.format()).isEqualTo("fhir");
    assertThat(r.studyInstanceUid()).isEqualTo(plan.studyUid());
    assertThat(r.accessionNumber()).isEqualTo(plan.patient().accession());
    assertThat(r.impression()).isEqualTo(written.impression());
    assertThat(r.findings()).isEqualTo(written.findings());
  }
}
