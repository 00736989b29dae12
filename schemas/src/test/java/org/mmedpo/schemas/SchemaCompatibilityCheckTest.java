package org.mmedpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCompatibilityCheckTest {

  private static final Path CURRENT = Path.of("src/main/avro");
  private static final Path RELEASED = Path.of("released");
  private static final Path PAIR = Path.of("org/mmedpo/events/ImageReportPair.avsc");

  @TempDir Path temp;

  @Test
  void shouldAcceptTheCurrentSchemasAgainstTheReleasedOnes() {
    assertThat(SchemaCompatibilityCheck.problems(
        SchemaCatalog.load(RELEASED), SchemaCatalog.load(CURRENT))).isEmpty();
  }

  @Test
  void shouldRejectAFieldAddedWithoutDefault() throws IOException {
    Path changed = copyWith(PAIR, s -> s.replace(
        "{\"name\": \"findings\",",
        "{\"name\": \"reader\", \"type\": \"string\", \"doc\": \"new and required\"},\n"
            + "    {\"name\": \"findings\","));
    List<String> problems = SchemaCompatibilityCheck.problems(
        SchemaCatalog.load(RELEASED), SchemaCatalog.load(changed));
    assertThat(problems).singleElement().asString()
        .contains("org.mmedpo.events.ImageReportPair")
        .contains("not backward compatible")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("reader");
  }

  @Test
  void shouldRejectAChangedFieldType() throws IOException {
    Path changed = copyWith(Path.of("org/mmedpo/events/ImageRef.avsc"),
        s -> s.replace("{\"name\": \"width\", \"type\": \"int\"", "{\"name\": \"width\", \"type\": \"string\""));
    List<String> problems = SchemaCompatibilityCheck.problems(
        SchemaCatalog.load(RELEASED), SchemaCatalog.load(changed));
    // ImageRef and every record that embeds it break.
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("org.mmedpo.events.ImageRef:").contains("TYPE_MISMATCH"));
  }

  @Test
  void shouldAcceptAFieldAddedWithDefault() throws IOException {
    Path changed = copyWith(PAIR, s -> s.replace(
        "{\"name\": \"findings\",",
        "{\"name\": \"reader\", \"type\": [\"null\", \"string\"], \"default\": null, \"doc\": \"optional\"},\n"
            + "    {\"name\": \"findings\","));
    assertThat(SchemaCompatibilityCheck.problems(
        SchemaCatalog.load(RELEASED), SchemaCatalog.load(changed))).isEmpty();
  }

  @Test
  void shouldRejectAFieldWithoutDoc() throws IOException {
    Path changed = copyWith(PAIR, s -> s.replace(
        "{\"name\": \"findings\",",
        "{\"name\": \"reader\", \"type\": [\"null\", \"string\"], \"default\": null},\n"
            + "    {\"name\": \"findings\","));
    assertThat(SchemaCompatibilityCheck.problems(
        SchemaCatalog.load(RELEASED), SchemaCatalog.load(changed)))
        .containsExactly("org.mmedpo.events.ImageReportPair.reader: field has no doc");
  }

  @Test
  void shouldRejectARemovedSchema() throws IOException {
    Path changed = copyWith(PAIR, s -> s);
    Files.delete(changed.resolve("org/mmedpo/events/ModelVersion.avsc"));
    assertThat(SchemaCompatibilityCheck.problems(
        SchemaCatalog.load(RELEASED), SchemaCatalog.load(changed)))
        .containsExactly("org.mmedpo.events.ModelVersion: removed, but it was released");
  }

  @Test
  void shouldLoadEveryContractSchemaFromTheSourceFolder() {
    SchemaCatalog catalog = SchemaCatalog.load(CURRENT);
    for (EventContract contract : EventContract.values()) {
      // Generated classes add Java-only properties (avro.java.string); the parsing form ignores them.
      assertThat(SchemaNormalization.toParsingForm(catalog.get(contract.valueSchema().getFullName())))
          .isEqualTo(SchemaNormalization.toParsingForm(contract.valueSchema()));
    }
  }

  private Path copyWith(Path file, java.util.function.UnaryOperator<String> edit) throws IOException {
    Path root = temp.resolve("current");
    try (var walk = Files.walk(CURRENT)) {
      for (Path source : walk.toList()) {
        Path target = root.resolve(CURRENT.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    Path target = root.resolve(file);
    String before = Files.readString(target);
    String after = edit.apply(before);
    Files.writeString(target, after);
    return root;
  }
}
