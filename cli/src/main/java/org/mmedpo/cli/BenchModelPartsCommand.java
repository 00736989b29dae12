package org.mmedpo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.streams.bench.ModelPartsBenchmark;
import org.mmedpo.streams.hallucination.TargetModelHallucinator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo bench model-parts}: the per-pair cost of the model-backed processor parts. */
@Command(name = "model-parts", mixinStandardHelpOptions = true,
    description = {"Time the model-backed processor parts against the built-in parts they replace, "
        + "on the same synthetic pairs in one process with one PyTorch thread: target-model "
        + "sampling vs the clinical engine (per report item), saliency vs contrast localizing (per "
        + "image), and the reference log-probs of one sample. Uses a freshly initialized model of "
        + "the project's default size, which always decodes --max-new-tokens tokens. No Kafka."})
final class BenchModelPartsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--pairs", description = "Timed pairs (default ${DEFAULT-VALUE}).", defaultValue = "20")
  int pairs;

  @Option(names = "--warmup", description = "Untimed pairs first (default ${DEFAULT-VALUE}).", defaultValue = "3")
  int warmup;

  @Option(names = "--image-size", description = "Image side in pixels (default ${DEFAULT-VALUE}).",
      defaultValue = "512")
  int imageSize;

  @Option(names = "--candidates", description = "Candidates sampled per item (default ${DEFAULT-VALUE}).",
      defaultValue = "4")
  int candidates;

  @Option(names = "--max-new-tokens", description = "Tokens per candidate (default ${DEFAULT-VALUE}).",
      defaultValue = "80")
  int maxNewTokens;

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("mmedpo-bench-model-parts");
    ModelPartsBenchmark.Result r = ModelPartsBenchmark.run(dir, new ModelPartsBenchmark.Options(pairs,
        warmup, imageSize, ModelConfig.defaults(),
        new TargetModelHallucinator.Settings(candidates, 1.0, maxNewTokens, 0.0)));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "mmedpo bench model-parts: %d pairs (%dx%d synthetic), default model size, "
        + "%d candidates x %d tokens, %d cores%n", r.pairs(), imageSize, imageSize, candidates, maxNewTokens,
        Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "  text:      clinical engine %8.2f ms   target-model sampling %8.2f ms   "
        + "(%.0fx; sampled candidate kept for %d of %d)%n", r.engineMs(), r.targetModelMs(),
        r.targetModelMs() / r.engineMs(), r.targetModelKept(), r.pairs());
    out.printf(Locale.ROOT, "  lesion:    contrast        %8.2f ms   saliency              %8.2f ms   (%.1fx)%n",
        r.contrastMs(), r.saliencyMs(), r.saliencyMs() / r.contrastMs());
    out.printf(Locale.ROOT, "  reference: log-probs of one sample (both sides) %8.2f ms%n", r.referenceMs());
    out.println("  (milliseconds per call; the processors make one text call per item, one lesion call per pair "
        + "and one reference call per sample)");
    out.flush();
    return 0;
  }
}
