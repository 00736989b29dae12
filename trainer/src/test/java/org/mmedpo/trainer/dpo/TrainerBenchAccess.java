package org.mmedpo.trainer.dpo;

import org.mmedpo.model.text.Tokenizer;

/** Test access to the benchmark's tokenizer. */
final class TrainerBenchAccess {

  private TrainerBenchAccess() {}

  static Tokenizer tokenizer() {
    return org.mmedpo.trainer.bench.TrainerBench.benchTokenizer();
  }
}
