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

  /** A new index with the entries of this one whose files are not in {@code finished}. */
  public ExportIndex without(java.util.Set<String> finished) {
    ExportIndex next = new ExportIndex();
    images.stream().filter(e -> !finished.contains(e.file().relative())).forEach(next.images::add);
    reports.stream().filter(e -> !finished.contains(e.file().relative())).forEach(next.reports::add);
    sidecars.stream().filter(e -> !finished.contains(e.file().relative())).forEach(next.sidecars::add);
    masks.stream().filter(e -> !finished.contains(e.relative())).forEach(next.masks::add);
    return next;
  }

  /** Every file of the index, rejected or not. */
  public int size() {
    return images.size() + reports.size() + sidecars.size() + masks.size() + rejections.size();
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

  /**
   * Reads every file of {@code files} on {@code threads} threads; the index holds them in the
   * order of {@code files} whatever the threads' timing.
   *
   * @param done called with the number of files read so far, on the calling thread
   */
  public static ExportIndex build(List<InputFile> files, long maxFileBytes, DicomParser parser,
      int threads, java.util.function.IntConsumer done) {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
        Math.max(1, threads), r -> {
          Thread t = new Thread(r, "mmedpo-index");
          t.setDaemon(true);
          return t;
        });
    ExportIndex index = new ExportIndex();
    try {
      java.util.ArrayDeque<java.util.concurrent.Future<ExportIndex>> window = new java.util.ArrayDeque<>();
      int next = 0;
      int finished = 0;
      while (next < files.size() || !window.isEmpty()) {
        while (next < files.size() && window.size() < 4 * threads + 4) {
          InputFile file = files.get(next++);
          window.add(pool.submit(() -> {
            ExportIndex one = new ExportIndex();
            one.add(file, maxFileBytes, parser);
            return one;
          }));
        }
        index.merge(window.removeFirst().get());
        done.accept(++finished);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading files", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("reading a file failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return index;
  }

  private void merge(ExportIndex other) {
    images.addAll(other.images);
    reports.addAll(other.reports);
    sidecars.addAll(other.sidecars);
    masks.addAll(other.masks);
    rejections.addAll(other.rejections);
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
