package org.mmedpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmedpo experiment} shrunk to one seed, two arms and two DPO steps: it builds the stream,
 * trains a base, aligns each arm on full batches in a run of its own and writes the table with a
 * row per model; a rerun continues without training or ingesting anything again.
 */
class ExperimentIT {

  @TempDir Path data;

  @Test
  void shouldTrainEachArmOnItsFullBudgetAndContinueOnARerun() throws Exception {
    Path report = data.resolve("results.md");
    String output = experiment(report);
    String table = Files.readString(report);
    assertThat(table).contains("| Base (SFT) | ", "| + DPO (unweighted, text only) | ",
        "| + MMedPO (weighted, text + image) | ");
    assertThat(table).containsPattern("Mean ± sd over 1 seeds, in percent, on 5 held-out studies");
    assertThat(output).contains(table.strip().split("\n")[0]);
    // Two steps of four samples each, every arm in a run of its own.
    Matcher trained = Pattern.compile("trained 2 steps on 8 samples as run (\\S+)").matcher(output);
    Set<String> runs = new HashSet<>();
    while (trained.find()) {
      runs.add(trained.group(1));
    }
    assertThat(runs).hasSize(2);

    // The rerun finds the stream built and every arm trained: it ingests nothing, waits for the
    // processors only until they are idle, and reports the same models.
    String again = experiment(report);
    assertThat(again).contains("pairs out 0 (");
    Matcher retrained = Pattern.compile("trained 2 steps on 8 samples as run (\\S+)").matcher(again);
    Set<String> rerunRuns = new HashSet<>();
    while (retrained.find()) {
      rerunRuns.add(retrained.group(1));
    }
    assertThat(rerunRuns).isEqualTo(runs);
  }

  private String experiment(Path report) throws Exception {
    Path log = data.resolve("experiment-" + System.nanoTime() + ".log");
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", Path.of("target", "mmedpo-cli.jar").toString(), "experiment",
        "--studies", "20", "--held-out-studies", "5", "--seeds", "7", "--steps", "2",
        "--arms", "DPO,MMEDPO", "--report", report.toString(), "--data-dir", data.toString(),
        "--set", "platform.kafka.port=" + CliProcesses.freePort(),
        "--set", "platform.registry.port=" + CliProcesses.freePort(),
        "--set", "sft.max.seconds=15",
        "--set", "trainer.batch.size=4"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(15, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
