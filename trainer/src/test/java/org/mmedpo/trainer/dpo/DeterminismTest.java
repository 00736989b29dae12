package org.mmedpo.trainer.dpo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.VlmSample;
import org.mmedpo.trainer.bench.TrainerBench;
import org.mmedpo.trainer.optim.AdamW;

/** The exactly-once guarantee needs training to be a pure function of its inputs. */
class DeterminismTest {

  private static final int CHILD_STEPS = 12;

  private static byte[] train(int steps) {
    try (MedVlm policy = MedVlm.create(ModelConfig.tiny(), TrainerBenchAccess.tokenizer(),
        Device.cpu());
        MedVlm reference = policy.copy(false);
        AdamW adam = new AdamW(AdamW.Settings.defaults(), policy.parameters(),
            policy.manager())) {
      List<DpoPair> raw = TrainerBench.pairs(policy, 8, 5);
      List<VlmSample> both = new ArrayList<>();
      raw.forEach(p -> {
        both.add(p.chosen());
        both.add(p.rejected());
      });
      double[] ref = reference.logProbs(both);
      List<DpoPair> pairs = new ArrayList<>();
      for (int i = 0; i < raw.size(); i++) {
        DpoPair p = raw.get(i);
        pairs.add(new DpoPair(p.sampleId(), p.kind(), p.chosen(), p.rejected(), p.weight(),
            ref[2 * i], ref[2 * i + 1]));
      }
      for (int s = 0; s < steps; s++) {
        System.gc();
        DpoStep.run(policy, adam, pairs.subList((s % 2) * 4, (s % 2) * 4 + 4), 0.1, 1e-3, 1.0);
      }
      return policy.parameterBytes();
    }
  }

  @Test
  void shouldContinueBitIdenticallyFromRestoredParametersAndOptimizerState() throws Exception {
    byte[] straight;
    byte[] params;
    byte[] opt;
    byte[] archive;
    List<DpoPair> pairs;
    try (MedVlm policy = MedVlm.create(ModelConfig.tiny(), TrainerBenchAccess.tokenizer(),
        Device.cpu());
        AdamW adam = new AdamW(AdamW.Settings.defaults(), policy.parameters(),
            policy.manager())) {
      archive = policy.toArchive(org.mmedpo.model.archive.ArchiveMetadata.untrained());
      pairs = TrainerBench.pairs(policy, 4, 9);
      for (int s = 0; s < 3; s++) {
        DpoStep.run(policy, adam, pairs, 0.1, 1e-3, 1.0);
      }
      params = policy.parameterBytes();
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      adam.save(new java.io.DataOutputStream(bytes));
      opt = bytes.toByteArray();
      for (int s = 0; s < 3; s++) {
        DpoStep.run(policy, adam, pairs, 0.1, 1e-3, 1.0);
      }
      straight = policy.parameterBytes();
    }
    try (MedVlm policy = MedVlm.load(archive, Device.cpu(), true);
        AdamW adam = new AdamW(AdamW.Settings.defaults(), policy.parameters(),
            policy.manager())) {
      org.mmedpo.model.net.ParameterIo.readParameters(new java.io.DataInputStream(
          new java.io.ByteArrayInputStream(params)), policy.parameters());
      adam.load(new java.io.DataInputStream(new java.io.ByteArrayInputStream(opt)));
      assertThat(policy.parameterBytes()).isEqualTo(params);
      for (int s = 0; s < 3; s++) {
        DpoStep.run(policy, adam, pairs, 0.1, 1e-3, 1.0);
      }
      assertThat(policy.parameterBytes()).isEqualTo(straight);
    }
  }

  /**
   * Child process entry: trains {@link #CHILD_STEPS} steps while another thread keeps running
   * the garbage collector (so Java objects die at arbitrary points of a step, as they do next
   * to a busy Kafka client), then prints the parameters' SHA-256.
   */
  public static void main(String[] args) throws Exception {
    Thread collector = new Thread(() -> {
      while (true) {
        System.gc();
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "gc-pressure");
    collector.setDaemon(true);
    collector.start();
    System.out.println("parameters " + sha256(train(CHILD_STEPS)));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /**
   * Trains in a fresh JVM under constant garbage collection, with malloc filling freed memory
   * with a pattern: a tensor that depends on the lifetime of a Java object changes the result.
   */
  private static String trainInChildProcess() throws IOException, InterruptedException {
    List<String> cmd = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
        "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"),
        DeterminismTest.class.getName());
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
    builder.environment().put("MALLOC_PERTURB_", "165");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
    assertThat(process.exitValue()).as("child exit code, output:%n%s", output).isZero();
    return output.lines().filter(l -> l.startsWith("parameters ")).findFirst()
        .orElseThrow(() -> new AssertionError("no result in child output:\n" + output))
        .substring("parameters ".length());
  }

  @Test
  void shouldReachBitIdenticalParametersInSeparateProcesses() throws Exception {
    String here = sha256(train(CHILD_STEPS));
    assertThat(trainInChildProcess()).as("first child").isEqualTo(here);
    assertThat(trainInChildProcess()).as("second child").isEqualTo(here);
  }

  @Test
  void shouldReachBitIdenticalParametersFromIdenticalRuns() {
    byte[] first = train(12);
    assertThat(train(12)).isEqualTo(first);
  }
}
