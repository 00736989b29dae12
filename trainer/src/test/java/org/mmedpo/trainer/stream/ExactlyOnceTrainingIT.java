package org.mmedpo.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.trainer.TrainerConfig;

/**
 * Kills the trainer (a child JVM) with SIGKILL at several points of a run, restarts it each time,
 * and checks that it trains on the same samples, in the same order, each exactly once, to the
 * same final parameters as an uninterrupted run on the same log.
 */
class ExactlyOnceTrainingIT {

  private static final int SAMPLES = 96;
  private static final int BATCH = 4;
  private static final int STEPS = SAMPLES / BATCH;

  @TempDir static Path dir;
  static TrainerFixture fixture;

  @BeforeAll
  static void start() throws IOException {
    fixture = new TrainerFixture(dir, 3);
    fixture.publishBase("base-it");
    fixture.produceSamples(SAMPLES, 17);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private Process launch(String run) throws IOException {
    Map<String, String> s = new HashMap<>(fixture.settings);
    s.put(TrainerConfig.RUN_ID, run);
    s.put(TrainerConfig.GROUP_ID, "group-" + run);
    s.put(TrainerConfig.CHECKPOINT_DIR, dir.resolve(run).toString());
    s.put(TrainerConfig.BATCH_SIZE, Integer.toString(BATCH));
    s.put(TrainerConfig.BATCH_WAIT_MS, "60000");
    s.put(TrainerConfig.CHECKPOINT_STEPS, "3");
    s.put(TrainerConfig.CHECKPOINT_INTERVAL_MS, "600000");
    s.put(TrainerConfig.MAX_STEPS, Integer.toString(STEPS));
    s.put(TrainerConfig.LEARNING_RATE, "1e-4");
    s.put(TrainerConfig.WARMUP_STEPS, "3");
    s.put(TrainerConfig.SCHEDULE_STEPS, Integer.toString(STEPS));
    s.put(TrainerConfig.PLATFORM_MODE, "external");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        StreamingDpoTrainer.class.getName()));
    s.forEach((k, v) -> cmd.add(k + "=" + v));
    Files.createDirectories(Path.of("target", "it-logs"));
    File log = Path.of("target", "it-logs", "exactly-once-" + run + ".log").toFile();
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
  }

  private static long ledgerLines(String run) throws IOException {
    Path ledger = dir.resolve(run).resolve(Ledger.FILE_NAME);
    return Files.exists(ledger) ? Ledger.sampleIds(dir.resolve(run)).size() : 0;
  }

  private static void awaitExit(Process p, String run) throws Exception {
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("trainer %s finished", run).isTrue();
    assertThat(p.exitValue()).as("exit code of %s, log:%n%s", run,
        Files.readString(Path.of("target", "it-logs", "exactly-once-" + run + ".log"))).isZero();
  }

  @Test
  void shouldTrainEverySampleExactlyOnceAndReachTheSameParametersAfterKills() throws Exception {
    awaitExit(launch("straight"), "straight");

    List<Long> killedAt = new ArrayList<>();
    for (long target : new long[] {0, 10, 38, 70}) {
      Process p = launch("killed");
      long deadline = System.currentTimeMillis() + 180_000;
      if (target == 0) {
        Thread.sleep(1_500); // during start-up
      } else {
        while (ledgerLines("killed") < target && p.isAlive()
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(5);
        }
      }
      p.destroyForcibly(); // SIGKILL
      p.waitFor(30, TimeUnit.SECONDS);
      killedAt.add(ledgerLines("killed"));
    }
    awaitExit(launch("killed"), "killed");

    assertThat(killedAt).as("ledger lines at each kill").anyMatch(n -> n > 0 && n < SAMPLES);
    List<String> straight = Ledger.sampleIds(dir.resolve("straight"));
    List<String> killed = Ledger.sampleIds(dir.resolve("killed"));
    assertThat(straight).hasSize(SAMPLES).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(fixture.validSampleIds);
    assertThat(killed).isEqualTo(straight);
    Checkpoint a = Checkpoint.read(dir.resolve("straight")).orElseThrow();
    Checkpoint b = Checkpoint.read(dir.resolve("killed")).orElseThrow();
    assertThat(b.step()).isEqualTo(a.step()).isEqualTo(STEPS);
    assertThat(b.offsets()).isEqualTo(a.offsets());
    assertThat(b.parameters()).as("final parameters").isEqualTo(a.parameters());
    assertThat(b.optimizer()).as("final optimizer state").isEqualTo(a.optimizer());
    assertThat(a.skipped()).as("the undecodable record went to the DLQ").isEqualTo(1);
  }
}
