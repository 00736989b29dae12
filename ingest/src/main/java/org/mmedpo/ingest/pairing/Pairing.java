package org.mmedpo.ingest.pairing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs images with reports (and ground-truth sidecars) of one batch of files. Pure logic: no I/O,
 * deterministic for the order of its inputs (callers sort by file name).
 *
 * <p>The rules, for real exports too:
 *
 * <ol>
 *   <li>A report that names a Study Instance UID held by an image pairs with every image of that
 *       study (rule {@code StudyInstanceUID}).
 *   <li>Otherwise a report's accession number pairs it with the images carrying that Accession
 *       Number (0008,0050), when they all belong to one study (rule {@code AccessionNumber}); an
 *       accession shared by several studies is ambiguous and pairs nothing.
 *   <li>A study pairs with one report: a second report for it is rejected (the first in file order
 *       wins), since an addendum needs a human to merge it.
 *   <li>A ground-truth sidecar pairs by Study Instance UID only.
 * </ol>
 *
 * Items that do not pair are {@link Status#WAITING} when a later file could still pair them (an
 * image without a report yet), or {@link Status#FAILED} when no later file can (ambiguity, a second
 * report).
 */
public final class Pairing {

  /** Rule names as written to {@code IngestProvenance.pairingRule}. */
  public static final String BY_STUDY_UID = "StudyInstanceUID";
  public static final String BY_ACCESSION = "AccessionNumber";

  /** The outcome of one item. */
  public enum Status { PAIRED, WAITING, FAILED }

  /** An image: its file and keys. */
  public record ImageKey(String file, String studyUid, String accession) {}

  /** A report: its file and the keys it names (either may be null). */
  public record ReportKey(String file, String studyUid, String accession) {}

  /** A sidecar: its file and the study it names. */
  public record SidecarKey(String file, String studyUid) {}

  /**
   * The outcome for one file.
   *
   * @param status paired, waiting or failed
   * @param partner the report file (for images) or the study UID (for reports and sidecars)
   * @param rule how it paired
   * @param reason why it did not
   */
  public record Outcome(Status status, String partner, String rule, String reason) {
    static Outcome paired(String partner, String rule) {
      return new Outcome(Status.PAIRED, partner, rule, null);
    }

    static Outcome waiting(String reason) {
      return new Outcome(Status.WAITING, null, null, reason);
    }

    static Outcome failed(String reason) {
      return new Outcome(Status.FAILED, null, null, reason);
    }
  }

  /**
   * The outcomes, by file.
   *
   * @param images per image file
   * @param reports per report file
   * @param sidecars per sidecar file; the partner is the study UID
   * @param sidecarOfStudy the sidecar file of each study that has one
   */
  public record Result(Map<String, Outcome> images, Map<String, Outcome> reports,
      Map<String, Outcome> sidecars, Map<String, String> sidecarOfStudy) {}

  private Pairing() {}

  /** Pairs the given files. */
  public static Result pair(List<ImageKey> images, List<ReportKey> reports, List<SidecarKey> sidecars) {
    Map<String, List<ImageKey>> byStudy = new LinkedHashMap<>();
    Map<String, Set<String>> studiesByAccession = new HashMap<>();
    for (ImageKey image : images) {
      byStudy.computeIfAbsent(image.studyUid(), k -> new ArrayList<>()).add(image);
      if (image.accession() != null) {
        studiesByAccession.computeIfAbsent(image.accession(), k -> new LinkedHashSet<>()).add(image.studyUid());
      }
    }
    Map<String, String> reportOfStudy = new HashMap<>();
    Map<String, String> ruleOfStudy = new HashMap<>();
    Map<String, Outcome> reportOutcomes = new LinkedHashMap<>();
    for (ReportKey report : reports) {
      String target = null;
      String rule = null;
      Outcome failure = null;
      if (report.studyUid() != null && byStudy.containsKey(report.studyUid())) {
        target = report.studyUid();
        rule = BY_STUDY_UID;
      } else if (report.accession() != null) {
        Set<String> studies = studiesByAccession.getOrDefault(report.accession(), Set.of());
        if (studies.size() == 1) {
          target = studies.iterator().next();
          rule = BY_ACCESSION;
        } else if (studies.size() > 1) {
          failure = Outcome.failed("accession number matches several studies");
        } else {
          failure = Outcome.waiting("no image for report");
        }
      } else if (report.studyUid() != null) {
        failure = Outcome.waiting("no image for report");
      } else {
        failure = Outcome.failed("report names neither a Study Instance UID nor an accession number");
      }
      if (failure != null) {
        reportOutcomes.put(report.file(), failure);
        continue;
      }
      if (reportOfStudy.containsKey(target)) {
        reportOutcomes.put(report.file(), Outcome.failed("another report already pairs with this study"));
        continue;
      }
      reportOfStudy.put(target, report.file());
      ruleOfStudy.put(target, rule);
      reportOutcomes.put(report.file(), Outcome.paired(target, rule));
    }
    Map<String, Outcome> imageOutcomes = new LinkedHashMap<>();
    for (ImageKey image : images) {
      String report = reportOfStudy.get(image.studyUid());
      imageOutcomes.put(image.file(), report == null ? Outcome.waiting("no report for image")
          : Outcome.paired(report, ruleOfStudy.get(image.studyUid())));
    }
    Map<String, Outcome> sidecarOutcomes = new LinkedHashMap<>();
    Map<String, String> sidecarOfStudy = new HashMap<>();
    for (SidecarKey sidecar : sidecars) {
      if (!reportOfStudy.containsKey(sidecar.studyUid())) {
        sidecarOutcomes.put(sidecar.file(), Outcome.waiting("no paired image for ground truth"));
      } else if (sidecarOfStudy.containsKey(sidecar.studyUid())) {
        sidecarOutcomes.put(sidecar.file(), Outcome.failed("another ground truth already pairs with this study"));
      } else {
        sidecarOfStudy.put(sidecar.studyUid(), sidecar.file());
        sidecarOutcomes.put(sidecar.file(), Outcome.paired(sidecar.studyUid(), BY_STUDY_UID));
      }
    }
    return new Result(imageOutcomes, reportOutcomes, sidecarOutcomes, sidecarOfStudy);
  }
}
