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
 * @param content the bytes, for files that arrived in memory (STOW-RS parts); null for files on
 *     disk, which are read from {@code path}
 */
public record InputFile(String relative, Path path, Kind kind, String rejection, byte[] content) {

  /** A file on disk. */
  public InputFile(String relative, Path path, Kind kind, String rejection) {
    this(relative, path, kind, rejection, null);
  }

  /** A file held in memory. */
  public static InputFile inMemory(String relative, Kind kind, byte[] content) {
    return new InputFile(relative, null, kind, null, content);
  }

  /** What a file is taken for, by its name (the content confirms or refutes it). */
  public enum Kind { DICOM, REPORT_OR_SIDECAR, MASK }
}
