package org.mmedpo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.trainer.TrainerConfig;
import org.mmedpo.trainer.bench.TrainerBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo bench trainer}: trainer throughput, reference caching, memory, soak. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
    description = {"Measure, in one process on the configured model shape (model.*): trainer "
        + "steps against a bare forward+backward loop of the same model and batch (target >= 0.9), "
        + "cached reference log-probs against recomputing them every step (target >= 1.5x), and "
        + "peak resident memory. With --soak N, run N trainer steps printing resident memory."})
final class BenchTrainerCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--steps", paramLabel = "N", description = "Steps per measurement (default 30).")
  int steps = 30;

  @Option(names = "--batch", paramLabel = "B", description = "Pairs per step (default 8).")
  int batch = 8;

  @Option(names = "--soak", paramLabel = "N", description = "Run an N-step soak instead.")
  Integer soak;

  @Override
  public Integer call() {
    TrainerConfig config = new TrainerConfig(options.sources().lenient())
        .applyEngineSettings();
    ModelConfig model = config.modelConfig();
    PrintWriter out = spec.commandLine().getOut();
    if (soak != null) {
      double[] rss = TrainerBench.soak(model, batch, soak, Math.max(1, soak / 20), out);
      out.printf("soak: RSS %.1f MiB at the first report, %.1f MiB after %d steps "
          + "(%+.1f MiB), peak %.1f MiB%n", rss[0], rss[1], soak, rss[1] - rss[0], rss[2]);
      out.flush();
      return 0;
    }
    TrainerBench.Result r = TrainerBench.run(model, batch, steps, Math.max(2, steps / 10), out);
    out.printf("bare forward+backward loop      %8.1f samples/s%n", r.bareSamplesPerSecond());
    out.printf("trainer step, cached reference  %8.1f samples/s  (%.2f of bare; target >= 0.9)%n",
        r.cachedSamplesPerSecond(), r.cachedSamplesPerSecond() / r.bareSamplesPerSecond());
    out.printf("trainer step, recomputed ref.   %8.1f samples/s  (caching speed-up %.2fx; target "
        + ">= 1.5x)%n", r.recomputeSamplesPerSecond(),
        r.cachedSamplesPerSecond() / r.recomputeSamplesPerSecond());
    out.printf("peak resident memory            %8.1f MiB%n", r.peakRssMiB());
    out.flush();
    return 0;
  }
}
