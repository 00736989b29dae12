package org.mmedpo.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mmedpo.cli.demo.DemoRun;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.dashboard.DashboardConfig;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.trainer.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo demo}: the whole loop, everything embedded. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole continuous-alignment loop on one machine: the embedded platform, "
        + "a synthetic PACS export fed to ingest over time, the stream processors, the SFT warm "
        + "start (cached), streaming weighted DPO, the live dashboard, and at the end the "
        + "evaluation of the base model against each published model version.",
        "Ctrl-C stops everything cleanly; running it again continues where it stopped."})
final class DemoCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--studies", paramLabel = "N", description = "Synthetic studies (default 200).")
  int studies = 200;

  @Option(names = "--minutes", paramLabel = "M",
      description = "Time budget of the run, in minutes (default 9); DPO stops early for eval.")
  double minutes = 9;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the export (default 42).")
  long seed = 42;

  @Option(names = "--feed-seconds", paramLabel = "S",
      description = "How long the PACS takes to deliver every study (default 90).")
  int feedSeconds = 90;

  @Option(names = "--dpo-steps", paramLabel = "N", description = "DPO steps in total (default 150).")
  int dpoSteps = 150;

  @Option(names = "--checkpoint-steps", paramLabel = "N",
      description = "Steps between checkpoints, each a published version (default 50).")
  int checkpointSteps = 50;

  @Option(names = "--stay", description = "Keep the dashboard up after the table until Ctrl-C.")
  boolean stay;

  @Override
  public Integer call() throws Exception {
    if (studies < 20 || minutes <= 0 || feedSeconds < 0 || dpoSteps < 1 || checkpointSteps < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "need --studies >= 20, --minutes > 0, --feed-seconds >= 0, --dpo-steps and "
              + "--checkpoint-steps >= 1");
    }
    ConfigSources sources = options.sources();
    ConfigOptions.checkKnown(sources, PlatformConfig.DEFINITION, IngestConfig.DEFINITION,
        StreamsAppConfig.DEFINITION, TrainerConfig.DEFINITION, DashboardConfig.DEFINITION);
    // Every configuration is checked before anything starts.
    new PlatformConfig(sources.lenient());
    new IngestConfig(sources.lenient());
    new StreamsAppConfig(sources.lenient());
    new TrainerConfig(sources.lenient());
    new DashboardConfig(sources.lenient());

    boolean interactive = System.console() != null;
    if (interactive) {
      // The board redraws in place; library INFO lines would tear it. Warnings still show.
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.mmedpo"))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    DemoRun run = new DemoRun(new DemoRun.Settings(studies, seed,
        Duration.ofSeconds(Math.round(minutes * 60)), feedSeconds, dpoSteps, checkpointSteps, stay),
        spec.commandLine().getOut(), System.err, interactive);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      run.requestStop();
      try {
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "mmedpo-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      run.run(sources);
    } finally {
      finished.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down (Ctrl-C)
    }
    return 0;
  }
}
