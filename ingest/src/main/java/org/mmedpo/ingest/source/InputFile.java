package org.mmedpo.ingest.source;

import java.nio.file.Path;

/**
 * One file found in an export.
 *
 * @param relative the path relative to the export root, with '/' separators (no patient data
 *     as long as the export's file names carry none)
 * @param path the absolute path
 * @param kind what the name says it is
 * @param rejection why it is rejected before reading (symlink, outside the root), or null
 */
public record InputFile(String relative, Path path, Kind kind, String rejection) {

  /** What a file is taken for, by its name (the content confirms or refutes it). */
  public enum Kind { DICOM, REPORT_OR_SIDECAR, MASK }
}
