package org.mmedpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmedpo platform} as a user runs it: the packaged jar in its own process, up with both
 * addresses printed, then stopped with SIGTERM, after which the broker, the registry and its
 * child process are gone.
 */
class PlatformCommandIT {

  @TempDir Path data;

  @Test
  void shouldStartPrintAddressesAndStopCleanlyOnSigterm() throws Exception {
    int kafkaPort = CliProcesses.freePort();
    int registryPort = CliProcesses.freePort();
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "mmedpo-cli.jar").toString(),
        "platform", "--kafka-port", String.valueOf(kafkaPort),
        "--registry-port", String.valueOf(registryPort), "--data-dir", data.toString()))
        .redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("Press Ctrl-C")) {
          break;
        }
      }
      String printed = String.join("\n", lines);
      assertThat(printed).contains("mmedpo platform is up")
          .contains("Kafka bootstrap servers:  localhost:" + kafkaPort)
          .contains("http://localhost:" + registryPort + "/apis/ccompat/v7")
          .contains("mmedpo.model-versions.v1-value");
      assertThat(CliProcesses.listening(kafkaPort)).isTrue();
      assertThat(CliProcesses.listening(registryPort)).isTrue();

      process.destroy(); // SIGTERM; also closes our end of its output
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
    } finally {
      process.destroyForcibly();
    }
    assertThat(process.descendants()).isEmpty();
    assertThat(CliProcesses.listening(kafkaPort)).as("Kafka port released").isFalse();
    assertThat(CliProcesses.listening(registryPort)).as("registry port released").isFalse();
  }
}
