package org.mmedpo.ingest.pairing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mmedpo.common.blob.Sha256;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.ingest.deid.PhiDictionary;
import org.mmedpo.ingest.deid.ReportScrubber;
import org.mmedpo.ingest.dicom.DicomFile;
import org.mmedpo.ingest.dicom.DicomFormatException;
import org.mmedpo.ingest.dicom.DicomParser;
import org.mmedpo.ingest.dicom.DisplayImage;
import org.mmedpo.ingest.dicom.PixelLimits;
import org.mmedpo.ingest.dicom.PixelPipeline;
import org.mmedpo.ingest.sidecar.GroundTruth;
import org.mmedpo.ingest.source.ExportIndex;

/**
 * An indexed batch with its pairing, and the second pass that turns one paired image into its
 * display pixels and scrubbed report text. Shared by ingest and {@code ExportReader}, so both
 * produce the same pixels and text.
 */
public final class PairSource {

  private final Pairing.Result pairing;
  private final Map<String, ExportIndex.ReportEntry> reportsByFile = new HashMap<>();
  private final Map<String, ExportIndex.SidecarEntry> sidecarsByFile = new HashMap<>();

  private PairSource(ExportIndex index, Pairing.Result pairing) {
    this.pairing = pairing;
    index.reports().forEach(r -> reportsByFile.put(r.file().relative(), r));
    index.sidecars().forEach(s -> sidecarsByFile.put(s.file().relative(), s));
  }

  /** Pairs the files of {@code index}. */
  public static PairSource of(ExportIndex index) {
    List<Pairing.ImageKey> images = new ArrayList<>();
    for (ExportIndex.ImageEntry e : index.images()) {
      images.add(new Pairing.ImageKey(e.file().relative(), e.header().studyUid(), e.header().accession()));
    }
    List<Pairing.ReportKey> reports = new ArrayList<>();
    for (ExportIndex.ReportEntry e : index.reports()) {
      reports.add(new Pairing.ReportKey(e.file().relative(), e.report().studyInstanceUid(),
          e.report().accessionNumber()));
    }
    List<Pairing.SidecarKey> sidecars = new ArrayList<>();
    for (ExportIndex.SidecarEntry e : index.sidecars()) {
      sidecars.add(new Pairing.SidecarKey(e.file().relative(), e.truth().studyInstanceUid()));
    }
    return new PairSource(index, Pairing.pair(images, reports, sidecars));
  }

  public Pairing.Result pairing() {
    return pairing;
  }

  /**
   * A paired image ready to publish: pixels, scrubbed text, and what it was paired with.
   *
   * @param image display-ready pixels
   * @param findings scrubbed FINDINGS
   * @param impression scrubbed IMPRESSION
   * @param report the report entry
   * @param rule the pairing rule
   * @param sidecar the ground-truth entry, or null
   * @param truth the ground truth, or null
   */
  public record Assembled(DisplayImage image, String findings, String impression,
      ExportIndex.ReportEntry report, String rule, ExportIndex.SidecarEntry sidecar,
      GroundTruth truth) {}

  /**
   * Decodes the pixels of a paired image from {@code bytes} (read again in the second pass) and
   * scrubs its report with the study's identifiers.
   *
   * @throws DicomFormatException "file changed during ingest" when the bytes no longer hash to
   *     what the first pass read, or any pixel-pipeline reason
   */
  public Assembled assemble(ExportIndex.ImageEntry image, byte[] bytes, DicomParser parser,
      PixelLimits limits) throws DicomFormatException {
    if (!Sha256.hex(bytes).equals(image.sha256())) {
      throw new DicomFormatException("file changed during ingest",
          "its bytes differ from the first read");
    }
    Pairing.Outcome outcome = pairing.images().get(image.file().relative());
    if (outcome == null || outcome.status() != Pairing.Status.PAIRED) {
      throw new IllegalStateException("image " + image.file().relative() + " is not paired");
    }
    DicomFile file = parser.parse(bytes);
    DisplayImage display = PixelPipeline.decode(file, limits);
    ExportIndex.ReportEntry report = reportsByFile.get(outcome.partner());
    PhiDictionary dictionary = image.header().dictionary();
    dictionary.addNames(report.report().knownNames());
    dictionary.addIdentifiers(report.report().knownIdentifiers());
    String findings = ReportScrubber.scrub(report.report().findings(), dictionary);
    String impression = ReportScrubber.scrub(report.report().impression(), dictionary);
    String sidecarFile = pairing.sidecarOfStudy().get(image.header().studyUid());
    ExportIndex.SidecarEntry sidecar = sidecarFile == null ? null : sidecarsByFile.get(sidecarFile);
    return new Assembled(display, findings, impression, report, outcome.rule(), sidecar,
        sidecar == null ? null : sidecar.truth());
  }

  /** The event form of a ground-truth finding. */
  public static LesionAnnotation annotation(GroundTruth.Finding f, ImageRef mask) {
    return LesionAnnotation.newBuilder().setLabel(f.label()).setLaterality(f.laterality())
        .setLocation(f.location()).setSeverity(f.severity()).setX(f.x()).setY(f.y())
        .setWidth(f.width()).setHeight(f.height()).setMask(mask).build();
  }
}
