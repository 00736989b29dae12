package org.mmedpo.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real Maven build of this module on a copy of it: it must pass as it is, and fail when a
 * released schema gains a required field (an incompatible change).
 */
class SchemaGateBuildIT {

  @TempDir Path copy;

  @Test
  void shouldFailTheBuildOnAnIncompatibleSchemaChange() throws Exception {
    Path module = copyModule();
    assertThat(build(module)).as("unchanged build").startsWith("exit 0");

    Path pair = module.resolve("src/main/avro/org/mmedpo/events/ImageReportPair.avsc");
    Files.writeString(pair, Files.readString(pair).replace(
        "{\"name\": \"findings\",",
        "{\"name\": \"reader\", \"type\": \"string\", \"doc\": \"Radiologist, now required.\"},\n"
            + "    {\"name\": \"findings\","));
    String output = build(module);
    assertThat(output).startsWith("exit 1")
        .contains("schema check failed")
        .contains("org.mmedpo.events.ImageReportPair: not backward compatible")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
  }

  private Path copyModule() throws IOException {
    Path here = Path.of("").toAbsolutePath();
    Files.copy(here.resolve("../pom.xml"), copy.resolve("pom.xml"));
    Path module = copy.resolve("schemas");
    try (Stream<Path> files = Files.walk(here)) {
      for (Path source : files.filter(p -> !here.relativize(p).startsWith("target")).toList()) {
        Path target = module.resolve(here.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return module;
  }

  /** Runs {@code mvn process-classes} offline on the copy; returns "exit N" and the output. */
  private static String build(Path module) throws Exception {
    String maven = System.getProperty("maven.home") == null
        ? "mvn" : Path.of(System.getProperty("maven.home"), "bin", "mvn").toString();
    Process process = new ProcessBuilder(List.of(maven, "-o", "-B", "-q",
        "-f", module.resolve("pom.xml").toString(), "process-classes"))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return "exit " + process.exitValue() + "\n" + output;
  }
}
