package org.mmedpo.ingest.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import org.mmedpo.common.blob.Sha256;
import org.mmedpo.ingest.dicom.DicomFile;
import org.mmedpo.ingest.dicom.DicomFormatException;
import org.mmedpo.ingest.dicom.DicomParser;
import org.mmedpo.ingest.report.ParsedReport;
import org.mmedpo.ingest.report.ReportFormatException;
import org.mmedpo.ingest.report.ReportParser;
import org.mmedpo.ingest.sidecar.GroundTruth;

/**
 * The first pass over a batch of files: reads each once, hashes it, and sorts it into images
 * (with their DICOM headers), reports, ground-truth sidecars and masks, or a {@link Rejection}.
 * Pixels are not decoded here; the index stays small whatever the export's size.
 */
public final class ExportIndex {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A DICOM image file and its header. */
  public record ImageEntry(InputFile file, String sha256, DicomHeader header) {}

  /** A report file, parsed. */
  public record ReportEntry(InputFile file, String sha256, ParsedReport report) {}

  /** A ground-truth sidecar, parsed. */
  public record SidecarEntry(InputFile file, String sha256, GroundTruth truth) {}

  private final List<ImageEntry> images = new ArrayList<>();
  private final List<ReportEntry> reports = new ArrayList<>();
  private final List<SidecarEntry> sidecars = new ArrayList<>();
  private final List<InputFile> masks = new ArrayList<>();
  private final List<Rejection> rejections = new ArrayList<>();

  public List<ImageEntry> images() {
    return images;
  }

  public List<ReportEntry> reports() {
    return reports;
  }

  public List<SidecarEntry> sidecars() {
    return sidecars;
  }

  public List<InputFile> masks() {
    return masks;
  }

  public List<Rejection> rejections() {
    return rejections;
  }

  /**
   * Reads every file of {@code files}.
   *
   * @param maxFileBytes files larger than this are rejected unread ("file too large")
   */
  public static ExportIndex build(List<InputFile> files, long maxFileBytes, DicomParser parser) {
    ExportIndex index = new ExportIndex();
    for (InputFile file : files) {
      index.add(file, maxFileBytes, parser);
    }
    return index;
  }

  /** Reads one file into the index. */
  public void add(InputFile file, long maxFileBytes, DicomParser parser) {
    if (file.rejection() != null) {
      rejections.add(new Rejection(file.relative(), "ingest.scan", file.rejection(), "", null));
      return;
    }
    if (file.kind() == InputFile.Kind.MASK) {
      masks.add(file);
      return;
    }
    byte[] bytes;
    try {
      long size = Files.size(file.path());
      if (size > maxFileBytes) {
        rejections.add(new Rejection(file.relative(), "ingest.scan", "file too large",
            size + " bytes, the limit is " + maxFileBytes, null));
        return;
      }
      if (Files.isSymbolicLink(file.path()) || !Files.isRegularFile(file.path(), LinkOption.NOFOLLOW_LINKS)) {
        rejections.add(new Rejection(file.relative(), "ingest.scan", "symbolic link not followed", "", null));
        return;
      }
      bytes = Files.readAllBytes(file.path());
    } catch (IOException e) {
      rejections.add(new Rejection(file.relative(), "ingest.scan", "unreadable file",
          e.getClass().getSimpleName(), e));
      return;
    }
    addBytes(file, bytes, parser);
  }

  /** Indexes a file whose bytes the caller already holds (STOW-RS parts). */
  public void addBytes(InputFile file, byte[] bytes, DicomParser parser) {
    String sha = Sha256.hex(bytes);
    if (file.kind() == InputFile.Kind.REPORT_OR_SIDECAR) {
      addText(file, sha, bytes);
      return;
    }
    if (file.kind() == InputFile.Kind.MASK) {
      masks.add(file);
      return;
    }
    try {
      DicomFile dicom = parser.parse(bytes);
      images.add(new ImageEntry(file, sha, DicomHeader.of(dicom)));
    } catch (DicomFormatException e) {
      rejections.add(new Rejection(file.relative(), "ingest.dicom", e.reason(), e.getMessage(), e));
    } catch (RuntimeException e) {
      rejections.add(new Rejection(file.relative(), "ingest.dicom", "unreadable DICOM",
          e.getClass().getSimpleName(), e));
    }
  }

  private void addText(InputFile file, String sha, byte[] bytes) {
    String lower = file.relative().toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".json")) {
      JsonNode root = null;
      try {
        root = JSON.readTree(bytes);
      } catch (IOException e) {
        // Falls through: parsed below as a report, which names the JSON error.
      }
      if (root != null && GroundTruth.isSidecar(root)) {
        try {
          sidecars.add(new SidecarEntry(file, sha, GroundTruth.parse(bytes)));
        } catch (IOException e) {
          rejections.add(new Rejection(file.relative(), "ingest.groundtruth",
              "malformed ground truth", e.getMessage(), e));
        }
        return;
      }
    }
    try {
      reports.add(new ReportEntry(file, sha, ReportParser.parse(bytes)));
    } catch (ReportFormatException e) {
      rejections.add(new Rejection(file.relative(), "ingest.report", e.reason(), e.getMessage(), e));
    }
  }
}
