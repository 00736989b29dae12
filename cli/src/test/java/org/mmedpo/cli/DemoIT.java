package org.mmedpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmedpo demo} as a user runs it, shrunk to fit a test: the packaged jar in its own
 * process on a small export and short budgets. The first run goes through every stage and ends
 * with the evaluation table of the base and each published version; the second run continues:
 * nothing is ingested twice, the base comes from the cache and the trainer is already at its step
 * budget. A run stopped by a signal (what Ctrl-C sends the JVM's shutdown path) exits cleanly,
 * leaves no child process behind, and the next run resumes the trainer from its checkpoint.
 */
class DemoIT {

  @TempDir Path data;

  @Test
  void shouldRunTheWholeLoopAndContinueOnARerun() throws Exception {
    String first = demo();
    assertThat(first).contains("demo finished", "Dashboard: http://127.0.0.1:");
    assertThat(first).containsPattern("SFT: base base-\\w+: closed accuracy");
    assertThat(first).contains("DPO: 6 steps");
    // The base and the two checkpoints (steps 3 and 6), each with its metrics.
    List<String> rows = tableRows(first);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).startsWith("base-");
    String run = rows.get(0).substring("base-".length(), "base-".length() + 6);
    assertThat(rows.get(1)).startsWith("demo-" + run + "-step-3 ");
    assertThat(rows.get(2)).startsWith("demo-" + run + "-step-6 ");
    Matcher ingest = Pattern.compile("pairs out (\\d+) \\((\\d+) already ingested\\)").matcher(first);
    assertThat(ingest.find()).isTrue();
    assertThat(Integer.parseInt(ingest.group(1))).isEqualTo(20);

    String second = demo();
    assertThat(second).containsPattern("SFT: base base-\\w+ \\(cached\\)");
    assertThat(second).contains("DPO: 6 steps");
    assertThat(tableRows(second)).hasSize(3);
    Matcher again = Pattern.compile("pairs out (\\d+) \\((\\d+) already ingested\\)").matcher(second);
    assertThat(again.find()).isTrue();
    assertThat(again.group(1)).as("new pairs on the rerun").isEqualTo("0");
  }

  @Test
  void shouldStopCleanlyOnASignalAndResumeFromTheCheckpoint() throws Exception {
    Path log = data.resolve("stopped.log");
    Process process = new ProcessBuilder(command("30")).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    CliProcesses.awaitOutput(process, log, "checkpoint at step 3 ", Duration.ofMinutes(10));
    List<ProcessHandle> children = process.descendants().toList();
    assertThat(children).as("the schema registry runs as a child").isNotEmpty();
    process.destroy(); // SIGTERM
    boolean exited = process.waitFor(90, TimeUnit.SECONDS);
    String stopped = Files.readString(log, StandardCharsets.UTF_8);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("stopped within 90 s:\n%s", stopped).isTrue();
    for (ProcessHandle child : children) {
      child.onExit().get(30, TimeUnit.SECONDS);
    }
    assertThat(stopped).contains("embedded Kafka broker stopped", "schema registry stopped");

    String resumed = demo("30");
    assertThat(resumed).containsPattern("resuming run demo-\\w{6} at step [1-9]");
    assertThat(resumed).containsPattern("SFT: base base-\\w+ \\(cached\\)");
    assertThat(resumed).contains("DPO: 30 steps");
  }

  private String demo() throws Exception {
    return demo("6");
  }

  private String demo(String dpoSteps) throws Exception {
    Path log = data.resolve("demo-" + System.nanoTime() + ".log");
    Process process = new ProcessBuilder(command(dpoSteps)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(15, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("demo finished in time:\n%s", output).isTrue();
    assertThat(process.exitValue()).as("exit code; output:\n%s", output).isZero();
    return output;
  }

  private List<String> command(String dpoSteps) throws IOException {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "mmedpo-cli.jar").toString(), "demo",
        "--studies", "20", "--feed-seconds", "5", "--dpo-steps", dpoSteps, "--checkpoint-steps", "3",
        "--minutes", "20", "--data-dir", data.toString(),
        "--set", "platform.kafka.port=" + CliProcesses.freePort(),
        "--set", "platform.registry.port=" + CliProcesses.freePort(),
        "--set", "dashboard.port=" + CliProcesses.freePort(),
        "--set", "sft.max.seconds=20",
        "--set", "trainer.batch.size=4",
        "--set", "ingest.watch.settle.ms=200");
  }

  /** The model rows of the evaluation table. */
  private static List<String> tableRows(String output) {
    List<String> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : output.split("\n")) {
      if (line.startsWith("MODEL ")) {
        inTable = true;
        rows.clear();
      } else if (inTable && (line.startsWith("(") || line.isBlank())) {
        inTable = false;
      } else if (inTable) {
        rows.add(line);
      }
    }
    return rows;
  }
}
