package org.mmedpo.ingest.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mmedpo.ingest.lexicon.FindingLexicon;
import org.mmedpo.ingest.lexicon.FindingLexicon.Finding;

/**
 * Writes the radiology report of a synthetic study from its ground truth, with varied phrasing,
 * as plain text (a header with patient data, then CLINICAL HISTORY, COMPARISON, FINDINGS and
 * IMPRESSION, then a signature) or as a FHIR R4 DiagnosticReport. Planted identifiers appear in
 * the header and signature always, and inside FINDINGS and IMPRESSION for about half the studies,
 * as real reports have them.
 *
 * <p>Textual priors, on purpose: normal studies dominate and read alike; the clinical history
 * correlates with the finding (fever with consolidation, a line placement with pneumothorax).
 */
public final class ReportWriter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("MM/dd/yyyy");
  private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter EU = DateTimeFormatter.ofPattern("dd.MM.yyyy");

  /**
   * A written report.
   *
   * @param findings the FINDINGS section as written (with any planted identifiers)
   * @param impression the IMPRESSION section as written
   * @param text the whole plain-text report
   */
  public record Written(String findings, String impression, String text) {}

  private final FindingLexicon lexicon;

  public ReportWriter(FindingLexicon lexicon) {
    this.lexicon = lexicon;
  }

  /** Writes the report of {@code plan}. */
  public Written write(StudyPlan plan, SplittableRandom rng) {
    FakePatient p = plan.patient();
    List<String> findings = new ArrayList<>();
    List<String> impression = new ArrayList<>();
    for (PlannedFinding f : plan.findings()) {
      findings.add(findingSentence(f, rng));
      impression.add(impressionSentence(f, rng));
    }
    List<String> negatives = new ArrayList<>(lexicon.normalFindings());
    if (plan.normal()) {
      shuffle(negatives, rng);
      findings.addAll(negatives.subList(0, 3 + rng.nextInt(2)));
      impression.add(pick(lexicon.normalImpressions(), rng));
    } else {
      for (Finding absent : lexicon.findings()) {
        boolean present = plan.findings().stream().anyMatch(f -> f.label().equals(absent.label()));
        if (!present && rng.nextDouble() < 0.35) {
          findings.add(absent.negation());
        }
      }
    }
    if (plan.phiInSections()) {
      switch (rng.nextInt(3)) {
        case 0 -> findings.add(0, "Comparison is made with the prior radiograph of "
            + p.priorDate().format(US) + ".");
        case 1 -> findings.add(0, "Prior study at " + p.institution() + " dated "
            + p.priorDate().format(EU) + " was reviewed.");
        default -> findings.add(0, "Compared with the examination of " + p.priorDate().format(LONG) + ".");
      }
      switch (rng.nextInt(3)) {
        case 0 -> impression.add("Findings discussed with Dr. " + p.referringGiven() + " "
            + p.referringFamily() + " by telephone at " + p.phone() + " on " + p.studyDate() + ".");
        case 1 -> impression.add("Patient " + p.given() + " " + p.family() + ", MRN "
            + p.patientId() + ", accession " + p.accession() + ".");
        default -> impression.add("Result called to " + p.referringFamily() + " ("
            + p.phone() + ") on " + p.studyDate().format(US) + ".");
      }
    }
    String findingsText = String.join(" ", findings);
    String impressionText = impression.size() == 1 ? impression.get(0) : numbered(impression);
    StringBuilder text = new StringBuilder();
    text.append("RADIOLOGY REPORT\n");
    text.append("Patient: ").append(p.family().toUpperCase(Locale.ROOT)).append(", ").append(p.given())
        .append("    MRN: ").append(p.patientId()).append("    DOB: ").append(p.birthDate().format(US)).append('\n');
    text.append("Accession: ").append(p.accession());
    if (plan.reportNamesStudyUid() && !plan.fhirReport()) {
      text.append("    Study UID: ").append(plan.studyUid());
    }
    text.append('\n');
    text.append("Exam: XR CHEST ").append(plan.view()).append("    Date of exam: ")
        .append(p.studyDate().format(US)).append(' ').append(p.studyTime().withNano(0)).append('\n');
    text.append("Referring physician: Dr. ").append(p.referringGiven()).append(' ')
        .append(p.referringFamily()).append('\n');
    text.append("Institution: ").append(p.institution()).append("\n\n");
    text.append("CLINICAL HISTORY: ").append(history(plan, rng)).append('\n');
    text.append("COMPARISON: ").append(rng.nextBoolean() ? "None." : "Chest radiograph of "
        + p.priorDate().format(US) + ".").append("\n\n");
    text.append("FINDINGS:\n").append(findingsText).append("\n\n");
    text.append("IMPRESSION:\n").append(impressionText).append("\n\n");
    text.append("Dictated by: Dr. ").append(p.radiologistGiven()).append(' ')
        .append(p.radiologistFamily()).append(", MD\n");
    text.append("Electronically signed ").append(p.studyDate().plusDays(rng.nextInt(2)).format(US))
        .append(". Questions: call ").append(p.phone()).append(".\n");
    return new Written(findingsText, impressionText, text.toString());
  }

  /** The same report as a FHIR R4 DiagnosticReport (JSON). */
  public String fhir(StudyPlan plan, Written report) {
    FakePatient p = plan.patient();
    ObjectNode root = JSON.createObjectNode();
    root.put("resourceType", "DiagnosticReport");
    root.put("id", "dr-" + plan.index());
    ArrayNode contained = root.putArray("contained");
    ObjectNode study = contained.addObject();
    study.put("resourceType", "ImagingStudy");
    study.put("id", "img");
    study.put("status", "available");
    ObjectNode studyId = study.putArray("identifier").addObject();
    studyId.put("system", "urn:dicom:uid");
    studyId.put("value", "urn:oid:" + plan.studyUid());
    study.putObject("subject").put("display", p.given() + " " + p.family());
    ObjectNode accession = root.putArray("identifier").addObject();
    accession.putObject("type").putArray("coding").addObject()
        .put("system", "http://terminology.hl7.org/CodeSystem/v2-0203").put("code", "ACSN");
    accession.put("value", p.accession());
    root.put("status", "final");
    root.putObject("code").putArray("coding").addObject()
        .put("system", "http://loinc.org").put("code", "36554-4").put("display", "XR Chest Views");
    ObjectNode subject = root.putObject("subject");
    subject.put("reference", "Patient/" + p.patientId());
    subject.put("display", p.family() + ", " + p.given());
    root.put("effectiveDateTime", p.studyDate() + "T" + p.studyTime().withNano(0));
    root.put("issued", p.studyDate() + "T18:00:00Z");
    root.putArray("performer").addObject().put("display", "Dr. " + p.radiologistGiven() + " " + p.radiologistFamily());
    if (plan.reportNamesStudyUid()) {
      root.putArray("imagingStudy").addObject().put("reference", "#img");
    }
    root.put("conclusion", report.impression());
    ObjectNode form = root.putArray("presentedForm").addObject();
    form.put("contentType", "text/plain");
    form.put("data", Base64.getEncoder().encodeToString(report.text().getBytes(StandardCharsets.UTF_8)));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String history(StudyPlan plan, SplittableRandom rng) {
    if (plan.normal()) {
      return pick(List.of("Routine pre-operative examination.", "Cough.", "Chest pain.",
          "Shortness of breath.", "Follow-up."), rng);
    }
    return switch (plan.findings().get(0).label()) {
      case "consolidation" -> pick(List.of("Fever and productive cough.", "Cough and fever, rule out pneumonia."), rng);
      case "pneumothorax" -> pick(List.of("Chest pain after central line placement.", "Sudden dyspnea."), rng);
      case "pleural effusion", "cardiomegaly" -> pick(List.of("Shortness of breath, history of heart failure.", "Dyspnea and leg swelling."), rng);
      case "nodule", "mass" -> pick(List.of("Weight loss, smoker.", "Follow-up of known lesion."), rng);
      default -> pick(List.of("Post-operative, low oxygen saturation.", "Shortness of breath."), rng);
    };
  }

  private String findingSentence(PlannedFinding f, SplittableRandom rng) {
    Finding finding = lexicon.get(f.label());
    String syn = pick(finding.synonyms(), rng);
    String sev = f.severity();
    String side = f.side();
    String loc = f.location();
    return switch (f.label()) {
      case "consolidation" -> pick(List.of(
          "There is " + article(sev) + " " + sev + " area of " + syn + " in the " + loc + ".",
          cap(sev) + " " + syn + " in the " + loc + ".",
          cap(syn) + " is seen in the " + loc + ", " + sev + " in extent."), rng);
      case "pleural effusion" -> "bilateral".equals(side)
          ? pick(List.of("There are " + sev + " bilateral pleural effusions with blunting of both costophrenic angles.",
              cap(sev) + " bilateral pleural effusions."), rng)
          : pick(List.of("There is " + article(sev) + " " + sev + " " + side + " pleural effusion with blunting of the " + side + " costophrenic angle.",
              cap(side) + " " + sev + " " + syn + " with a meniscus.",
              cap(sev) + " " + side + " pleural effusion."), rng);
      case "pneumothorax" -> pick(List.of(
          "There is " + article(sev) + " " + sev + " " + side + " apical pneumothorax.",
          cap(side) + " pneumothorax, " + sev + " in size, with a visible pleural line.",
          "A " + sev + " " + side + " pneumothorax is present."), rng);
      case "cardiomegaly" -> pick(List.of(
          "The cardiac silhouette is " + adverb(sev) + " enlarged.",
          cap(sev) + " cardiomegaly.",
          "The heart is " + adverb(sev) + " enlarged."), rng);
      case "nodule", "mass" -> pick(List.of(
          "There is " + article(sev) + " " + sev + " " + syn + " in the " + loc + ".",
          cap(sev) + " " + syn + " projecting over the " + loc + ".",
          "A " + sev + " " + f.label() + " is noted in the " + loc + "."), rng);
      case "atelectasis" -> pick(List.of(
          cap(sev) + " " + syn + " of the " + loc + ".",
          cap(loc) + " " + syn + ", " + sev + ".",
          "There is " + sev + " atelectasis in the " + loc + "."), rng);
      default -> throw new IllegalArgumentException("no phrasing for " + f.label());
    };
  }

  private String impressionSentence(PlannedFinding f, SplittableRandom rng) {
    String sev = f.severity();
    String side = f.side();
    String loc = f.location();
    return switch (f.label()) {
      case "consolidation" -> pick(List.of(cap(loc) + " consolidation, likely pneumonia in the appropriate clinical setting.",
          cap(sev) + " " + loc + " airspace disease."), rng);
      case "pleural effusion" -> "bilateral".equals(side) ? cap(sev) + " bilateral pleural effusions."
          : pick(List.of(cap(sev) + " " + side + " pleural effusion.", cap(side) + " pleural effusion, " + sev + "."), rng);
      case "pneumothorax" -> pick(List.of(cap(sev) + " " + side + " pneumothorax.",
          cap(side) + " pneumothorax (" + sev + ")."), rng);
      case "cardiomegaly" -> pick(List.of(cap(sev) + " cardiomegaly.", "Cardiomegaly, " + sev + "."), rng);
      case "nodule" -> pick(List.of(cap(sev) + " " + loc + " nodule; CT recommended.", cap(loc) + " pulmonary nodule."), rng);
      case "mass" -> pick(List.of(cap(sev) + " " + loc + " mass, suspicious for malignancy.", cap(loc) + " mass; CT recommended."), rng);
      case "atelectasis" -> pick(List.of(cap(sev) + " " + loc + " atelectasis.", cap(loc) + " volume loss."), rng);
      default -> throw new IllegalArgumentException("no phrasing for " + f.label());
    };
  }

  private static String adverb(String severity) {
    return switch (severity) {
      case "mild" -> "mildly";
      case "moderate" -> "moderately";
      default -> "severely";
    };
  }

  private static String numbered(List<String> items) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      out.append(i == 0 ? "" : "\n").append(i + 1).append(". ").append(items.get(i));
    }
    return out.toString();
  }

  static String article(String word) {
    return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
  }

  static String cap(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  static <T> T pick(List<T> list, SplittableRandom rng) {
    return list.get(rng.nextInt(list.size()));
  }

  static <T> void shuffle(List<T> list, SplittableRandom rng) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
