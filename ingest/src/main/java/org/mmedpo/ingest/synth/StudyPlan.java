package org.mmedpo.ingest.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mmedpo.ingest.lexicon.FindingLexicon;
import org.mmedpo.ingest.lexicon.FindingLexicon.Finding;

/**
 * What one synthetic study holds, drawn from its own random stream: identity, view, findings and
 * how the report is written.
 *
 * @param index study number, from 1
 * @param folder the study folder name (no patient data)
 * @param patient the planted identity
 * @param findings the findings; empty for a normal study
 * @param view PA or AP
 * @param modality CR or DX
 * @param fhirReport whether the report is a FHIR DiagnosticReport instead of plain text
 * @param reportNamesStudyUid whether the report carries the Study Instance UID (else only the
 *     accession number pairs it)
 * @param phiInSections whether the FINDINGS and IMPRESSION text carries planted identifiers
 * @param studyUid Study Instance UID
 * @param seriesUid Series Instance UID
 * @param sopUid SOP Instance UID
 * @param seed the seed of the study's drawing stream
 */
public record StudyPlan(int index, String folder, FakePatient patient, List<PlannedFinding> findings,
    String view, String modality, boolean fhirReport, boolean reportNamesStudyUid,
    boolean phiInSections, String studyUid, String seriesUid, String sopUid, long seed) {

  /** Share of normal studies: normal dominates, as in real chest X-ray traffic. */
  public static final double NORMAL_SHARE = 0.55;

  private static final String[] LABELS = {"consolidation", "pleural effusion", "pneumothorax",
      "cardiomegaly", "nodule", "mass", "atelectasis"};
  private static final double[] WEIGHTS = {0.20, 0.20, 0.12, 0.15, 0.10, 0.08, 0.15};

  public boolean normal() {
    return findings.isEmpty();
  }

  /** Draws study {@code index} from {@code rng}. */
  static StudyPlan draw(int index, SplittableRandom rng, FindingLexicon lexicon) {
    FakePatient patient = FakePatient.draw(rng);
    List<PlannedFinding> findings = new ArrayList<>();
    if (rng.nextDouble() >= NORMAL_SHARE) {
      int count = rng.nextDouble() < 0.25 ? 2 : 1;
      while (findings.size() < count) {
        String label = LABELS[weighted(rng)];
        if (findings.stream().anyMatch(f -> f.label().equals(label))) {
          continue;
        }
        findings.add(plan(lexicon.get(label), rng, findings));
      }
    }
    String view = rng.nextDouble() < 0.8 ? "PA" : "AP";
    String modality = rng.nextDouble() < 0.6 ? "CR" : "DX";
    String folder = String.format("study-%05d", index);
    return new StudyPlan(index, folder, patient, List.copyOf(findings), view, modality,
        rng.nextDouble() < 0.25, rng.nextDouble() < 0.6, rng.nextDouble() < 0.5,
        uid(rng), uid(rng), uid(rng), rng.nextLong());
  }

  private static PlannedFinding plan(Finding finding, SplittableRandom rng, List<PlannedFinding> others) {
    String side = null;
    if (finding.lateralized()) {
      List<String> sides = finding.sides();
      // Bilateral is the rarer presentation of effusion.
      side = sides.contains("bilateral") && rng.nextDouble() < 0.2 ? "bilateral"
          : sides.get(rng.nextInt(Math.min(2, sides.size())));
      // Keep two findings of one study apart when they would draw on the same lobe.
      for (PlannedFinding other : others) {
        if (side.equals(other.side()) && !"pleural effusion".equals(other.label())
            && !"pleural effusion".equals(finding.label())) {
          side = side.equals("right") ? "left" : "right";
        }
      }
    }
    List<String> locations = finding.locationsOn(side);
    String location = locations.get(rng.nextInt(locations.size()));
    int grade = rng.nextInt(3);
    return new PlannedFinding(finding.label(), side, location, finding.severities().get(grade), grade);
  }

  private static int weighted(SplittableRandom rng) {
    double r = rng.nextDouble();
    for (int i = 0; i < WEIGHTS.length; i++) {
      r -= WEIGHTS[i];
      if (r < 0) {
        return i;
      }
    }
    return WEIGHTS.length - 1;
  }

  /** A UID under the 2.25 root (UUID-derived form, PS3.5 B.2). */
  private static String uid(SplittableRandom rng) {
    java.math.BigInteger value = new java.math.BigInteger(1, java.nio.ByteBuffer.allocate(16)
        .putLong(rng.nextLong()).putLong(rng.nextLong()).array());
    return "2.25." + value;
  }
}
