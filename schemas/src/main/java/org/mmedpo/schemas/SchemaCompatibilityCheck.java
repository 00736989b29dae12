package org.mmedpo.schemas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The build's schema gate. Every schema released before must still exist and be backward
 * compatible with its released version (a consumer on the new schema reads events written with
 * the old one: the registry's BACKWARD rule), and every record field must carry a {@code doc}.
 *
 * <p>Run by the schemas module at {@code process-classes} with the released folder and the
 * current folder as arguments; a violation fails the build with one line per problem.
 */
public final class SchemaCompatibilityCheck {

  private SchemaCompatibilityCheck() {}

  /** Returns the problems found; empty when the current schemas may be released. */
  public static List<String> problems(SchemaCatalog released, SchemaCatalog current) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Schema> entry : released.schemas().entrySet()) {
      Schema now = current.schemas().get(entry.getKey());
      if (now == null) {
        problems.add(entry.getKey() + ": removed, but it was released");
        continue;
      }
      SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(now, entry.getValue());
      if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
        problems.add(entry.getKey() + ": not backward compatible with its released version: "
            + result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .toList());
      }
    }
    for (Schema schema : current.schemas().values()) {
      if (schema.getType() == Schema.Type.RECORD) {
        for (Schema.Field field : schema.getFields()) {
          if (field.doc() == null || field.doc().isBlank()) {
            problems.add(schema.getFullName() + "." + field.name() + ": field has no doc");
          }
        }
      }
      if (schema.getDoc() == null || schema.getDoc().isBlank()) {
        problems.add(schema.getFullName() + ": type has no doc");
      }
    }
    return problems;
  }

  /**
   * Checks {@code args[1]} (current schemas) against {@code args[0]} (released schemas).
   *
   * @throws IllegalStateException listing every problem, which fails the Maven build
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: SchemaCompatibilityCheck RELEASED_DIR CURRENT_DIR");
    }
    List<String> problems =
        problems(SchemaCatalog.load(Path.of(args[0])), SchemaCatalog.load(Path.of(args[1])));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("schema check failed:\n  " + String.join("\n  ", problems));
    }
  }
}
