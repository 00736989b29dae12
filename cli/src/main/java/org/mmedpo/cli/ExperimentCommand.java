package org.mmedpo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mmedpo.cli.demo.ExperimentRun;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.trainer.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo experiment}: MMedPO against DPO against the base, with ablations, in miniature. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = {"Reproduce the paper's comparison in miniature on one synthetic stream: the SFT "
        + "base; + DPO (unweighted, text hallucinations only); + MMedPO (weighted, text and "
        + "lesion noise); and the ablations (no weights, text only, image only). The same step "
        + "budget for every arm, several seeds, every model scored on a held-out export that no "
        + "training reads; prints mean ± sd.",
        "Takes about 40 minutes on two cores with the defaults. Keeps its platform, exports and "
            + "checkpoints in .mmedpo-experiment unless --data-dir is given; a rerun continues."})
final class ExperimentCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--studies", paramLabel = "N", description = "Studies of the stream (default 300).")
  int studies = 300;

  @Option(names = "--held-out-studies", paramLabel = "N",
      description = "Studies of the held-out export (default 60).")
  int heldOutStudies = 60;

  @Option(names = "--seeds", paramLabel = "S", split = ",",
      description = "Seeds, one base and one run of every arm each (default 1,2,3).")
  List<Long> seeds = new ArrayList<>(List.of(1L, 2L, 3L));

  @Option(names = "--steps", paramLabel = "N", description = "DPO steps of every arm (default 200).")
  int steps = 200;

  @Option(names = "--arms", paramLabel = "ARM", split = ",",
      description = "Arms to run (default all): ${COMPLETION-CANDIDATES}.")
  List<ExperimentRun.Arm> arms = new ArrayList<>(List.of(ExperimentRun.Arm.values()));

  @Option(names = "--report", paramLabel = "FILE",
      description = "Also write the table to this Markdown file.")
  Path report;

  @Override
  public Integer call() throws Exception {
    if (studies < 20 || heldOutStudies < 5 || seeds.isEmpty() || steps < 1 || arms.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "need --studies >= 20, --held-out-studies >= 5, --steps >= 1, a seed and an arm");
    }
    if (Set.copyOf(seeds).size() != seeds.size() || Set.copyOf(arms).size() != arms.size()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "a seed or an arm is given twice");
    }
    ConfigSources sources = options.sources();
    // Its own data folder (and so its own embedded platform) unless one is given: the stream
    // must hold the experiment's studies only.
    if (!sources.lenient().resolve(PlatformConfig.DEFINITION).containsKey(AppConfig.DATA_DIR)) {
      sources = sources.withFlags(Map.of(AppConfig.DATA_DIR, ExperimentRun.DEFAULT_DATA_DIR));
    }
    ConfigOptions.checkKnown(sources, PlatformConfig.DEFINITION, IngestConfig.DEFINITION,
        StreamsAppConfig.DEFINITION, TrainerConfig.DEFINITION);
    new PlatformConfig(sources.lenient());
    new IngestConfig(sources.lenient());
    new StreamsAppConfig(sources.lenient());
    new TrainerConfig(sources.lenient());
    new ExperimentRun(new ExperimentRun.Settings(studies, heldOutStudies, List.copyOf(seeds),
        steps, List.copyOf(arms), report), spec.commandLine().getOut()).run(sources);
    return 0;
  }
}
