package org.mmedpo.trainer.data;

import java.nio.file.Path;
import java.util.List;
import org.mmedpo.ingest.export.ExportReader;

/** Reads a PACS export with the ingest module's {@link ExportReader}. */
public final class ExportStudies {

  private ExportStudies() {}

  /** The studies of the export in {@code dir}, as the trainer needs them. */
  public static List<ExportStudy> read(Path dir) {
    return ExportReader.read(dir).stream()
        .map(s -> new ExportStudy(s.studyId(), s.image(), s.findings(), s.impression(), s.vqa(),
            s.annotations()))
        .toList();
  }
}
