package org.mmedpo.cli;

import java.nio.file.Path;
import java.util.List;
import org.mmedpo.trainer.data.ExportStudy;

/** Reads a PACS export into the trainer's study records. */
final class Exports {

  private Exports() {}

  static List<ExportStudy> read(Path dir) {
    throw new IllegalStateException("reading a PACS export needs the ingest module's "
        + "ExportReader, which is not merged into this build yet");
  }
}
