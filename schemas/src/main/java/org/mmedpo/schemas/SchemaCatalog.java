package org.mmedpo.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;

/**
 * All named Avro types of a folder of {@code .avsc} files, by full name. Files may refer to types
 * defined in other files of the folder, in any order.
 */
public final class SchemaCatalog {

  private final Map<String, Schema> byFullName;

  private SchemaCatalog(Map<String, Schema> byFullName) {
    this.byFullName = byFullName;
  }

  /** Parses every {@code .avsc} file under {@code root}, resolving references between files. */
  public static SchemaCatalog load(Path root) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list schemas under " + root, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .avsc files under " + root);
    }
    // Parse in dependency order: a file whose references are not yet known waits for a later pass.
    Map<String, Schema> named = new TreeMap<>();
    List<Path> pending = new ArrayList<>(files);
    while (!pending.isEmpty()) {
      List<Path> waiting = new ArrayList<>();
      RuntimeException lastError = null;
      for (Path file : pending) {
        try {
          Schema schema = new Schema.Parser().addTypes(named.values()).parse(file.toFile());
          named.put(schema.getFullName(), schema);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        } catch (AvroRuntimeException e) {
          waiting.add(file);
          lastError = new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
      }
      if (waiting.size() == pending.size()) {
        throw lastError;
      }
      pending = waiting;
    }
    return new SchemaCatalog(named);
  }

  /** Named types by full name, sorted. */
  public Map<String, Schema> schemas() {
    return byFullName;
  }

  /** The named type, or an exception naming what is missing. */
  public Schema get(String fullName) {
    Schema schema = byFullName.get(fullName);
    if (schema == null) {
      throw new IllegalArgumentException("no schema named " + fullName);
    }
    return schema;
  }
}
