package org.mmedpo.trainer.dpo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.VlmSample;
import org.mmedpo.trainer.bench.TrainerBench;
import org.mmedpo.trainer.optim.AdamW;

/** The exactly-once guarantee needs training to be a pure function of its inputs. */
class DeterminismTest {

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

  @Test
  void shouldReachBitIdenticalParametersFromIdenticalRuns() {
    byte[] first = train(12);
    assertThat(train(12)).isEqualTo(first);
  }
}
