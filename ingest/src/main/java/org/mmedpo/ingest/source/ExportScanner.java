package org.mmedpo.ingest.source;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Lists the files of an export folder in a stable order (by relative path), without following
 * symbolic links: a link is reported as rejected ("symbolic link not followed", or "path leaves
 * the export folder" when it points outside), so an export cannot make ingest read files it does
 * not own.
 */
public final class ExportScanner {

  private ExportScanner() {}

  /** Every regular file and symbolic link under {@code root}, sorted by relative path. */
  public static List<InputFile> scan(Path root) throws IOException {
    Path base = root.toRealPath();
    List<InputFile> files = new ArrayList<>();
    Files.walkFileTree(base, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        files.add(classify(base, file, attrs));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        files.add(new InputFile(relative(base, file), file, InputFile.Kind.DICOM,
            "unreadable: " + e.getClass().getSimpleName()));
        return FileVisitResult.CONTINUE;
      }
    });
    files.sort(Comparator.comparing(InputFile::relative));
    return files;
  }

  /** Classifies one file (also used by the watcher). */
  public static InputFile classify(Path base, Path file, BasicFileAttributes attrs) {
    String relative = relative(base, file);
    if (attrs.isSymbolicLink() || Files.isSymbolicLink(file)) {
      String why = "symbolic link not followed";
      try {
        Path target = file.toRealPath();
        if (!target.startsWith(base)) {
          why = "path leaves the export folder";
        }
      } catch (IOException e) {
        why = "symbolic link not followed (dangling)";
      }
      return new InputFile(relative, file, InputFile.Kind.DICOM, why);
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return new InputFile(relative, file, InputFile.Kind.DICOM, "not a regular file");
    }
    return new InputFile(relative, file, kindOf(relative), null);
  }

  static InputFile.Kind kindOf(String relative) {
    String lower = relative.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".txt") || lower.endsWith(".json")) {
      return InputFile.Kind.REPORT_OR_SIDECAR;
    }
    if (lower.endsWith(".png")) {
      return InputFile.Kind.MASK;
    }
    return InputFile.Kind.DICOM;
  }

  static String relative(Path base, Path file) {
    return base.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }
}
