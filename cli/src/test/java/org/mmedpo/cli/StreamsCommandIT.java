package org.mmedpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmedpo streams} on the embedded platform it starts for itself, stopped with SIGTERM (the
 * JVM's Ctrl-C path): the processors and then the platform close before the process exits, and
 * the broker, the registry and its child process are gone.
 */
class StreamsCommandIT {

  @TempDir Path data;

  @Test
  void shouldCloseTheProcessorsAndThePlatformBeforeExitingOnSigterm() throws Exception {
    int kafkaPort = CliProcesses.freePort();
    int registryPort = CliProcesses.freePort();
    Path log = data.resolve("streams.log");
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "mmedpo-cli.jar").toString(), "streams",
        "--data-dir", data.toString(),
        "--set", "platform.kafka.port=" + kafkaPort,
        "--set", "platform.registry.port=" + registryPort,
        "--set", "streams.metrics.port=0"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      CliProcesses.awaitOutput(process, log, "mmedpo streams is running", Duration.ofMinutes(3));
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90 s").isTrue();
      for (ProcessHandle child : children) {
        child.onExit().get(30, TimeUnit.SECONDS);
      }
    } finally {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(output).contains("embedded Kafka broker stopped", "schema registry stopped");
    assertThat(CliProcesses.listening(kafkaPort)).as("Kafka port released").isFalse();
    assertThat(CliProcesses.listening(registryPort)).as("registry port released").isFalse();
  }
}
