package org.mmedpo.ingest.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.events.VqaItem;
import org.mmedpo.ingest.dicom.DicomFormatException;
import org.mmedpo.ingest.dicom.DicomParser;
import org.mmedpo.ingest.dicom.PixelLimits;
import org.mmedpo.ingest.pairing.Pairing;
import org.mmedpo.ingest.sidecar.GroundTruth;
import org.mmedpo.ingest.source.ExportIndex;
import org.mmedpo.ingest.source.ExportScanner;
import org.mmedpo.ingest.source.Rejection;
import org.mmedpo.ingest.pairing.PairSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an export folder (the synthetic one, or any export ingest reads) into {@link Study}
 * values, in the order of their {@code studyId}. It runs the same reading, pairing, pixel pipeline
 * and report scrubbing as ingest, without Kafka or a blob store. Files that do not read or do not
 * pair are skipped with a WARN naming the file and the reason.
 */
public final class ExportReader {

  private static final Logger LOG = LoggerFactory.getLogger(ExportReader.class);
  private static final long MAX_FILE_BYTES = 1L << 30;

  private ExportReader() {}

  /**
   * Every readable, paired image of the export.
   *
   * @throws UncheckedIOException when the folder cannot be listed
   */
  public static List<Study> read(Path exportDir) {
    List<Study> studies = new ArrayList<>();
    ExportIndex index;
    try {
      index = ExportIndex.build(ExportScanner.scan(exportDir), MAX_FILE_BYTES, new DicomParser(MAX_FILE_BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read export folder " + exportDir, e);
    }
    for (Rejection r : index.rejections()) {
      warn(r.file(), r.reason());
    }
    PairSource source = PairSource.of(index);
    Map<String, Integer> imagesPerFolder = new HashMap<>();
    for (ExportIndex.ImageEntry image : index.images()) {
      imagesPerFolder.merge(folderOf(image.file().relative()), 1, Integer::sum);
    }
    for (ExportIndex.ImageEntry image : index.images()) {
      Pairing.Outcome outcome = source.pairing().images().get(image.file().relative());
      if (outcome.status() != Pairing.Status.PAIRED) {
        warn(image.file().relative(), outcome.reason());
        continue;
      }
      PairSource.Assembled pair;
      try {
        byte[] bytes = Files.readAllBytes(image.file().path());
        pair = source.assemble(image, bytes, new DicomParser(MAX_FILE_BYTES), PixelLimits.DEFAULT);
      } catch (IOException e) {
        warn(image.file().relative(), "unreadable file (" + e.getClass().getSimpleName() + ")");
        continue;
      } catch (DicomFormatException e) {
        warn(image.file().relative(), e.getMessage());
        continue;
      }
      List<LesionAnnotation> annotations = new ArrayList<>();
      List<VqaItem> vqa = List.of();
      if (pair.truth() != null) {
        vqa = pair.truth().vqa();
        for (GroundTruth.Finding f : pair.truth().findings()) {
          annotations.add(PairSource.annotation(f, null));
        }
      }
      String folder = folderOf(image.file().relative());
      String id = imagesPerFolder.get(folder) > 1 || folder.isEmpty()
          ? (folder.isEmpty() ? "" : folder + "/") + stem(image.file().relative()) : folder;
      studies.add(new Study(id, pair.image().image(), pair.findings(), pair.impression(),
          List.copyOf(vqa), List.copyOf(annotations)));
    }
    for (Map.Entry<String, Pairing.Outcome> report : source.pairing().reports().entrySet()) {
      if (report.getValue().status() != Pairing.Status.PAIRED) {
        warn(report.getKey(), report.getValue().reason());
      }
    }
    studies.sort(Comparator.comparing(Study::studyId));
    return studies;
  }

  private static void warn(String file, String reason) {
    LOG.warn("skipping {}: {}", file, reason);
  }

  static String folderOf(String relative) {
    int slash = relative.lastIndexOf('/');
    return slash < 0 ? "" : relative.substring(0, slash);
  }

  static String stem(String relative) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
