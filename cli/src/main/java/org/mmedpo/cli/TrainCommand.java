package org.mmedpo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.platform.PlatformSession;
import org.mmedpo.trainer.TrainerConfig;
import org.mmedpo.trainer.data.ExportStudies;
import org.mmedpo.trainer.data.ExportStudy;
import org.mmedpo.trainer.sft.SftWarmStart;
import org.mmedpo.trainer.stream.ModelVersions;
import org.mmedpo.trainer.stream.StreamingDpoTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo train}: the SFT warm start ({@code --sft}) or the streaming weighted-DPO trainer. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Without --sft: consume mmedpo.preferences.v1 in micro-batches and align the "
        + "newest BASE model by weighted DPO, checkpointing exactly once and publishing model "
        + "versions, until Ctrl-C (or --max-steps / --idle-exit-ms).",
        "With --sft --from DIR: train the BASE model (the frozen DPO reference) on the export's "
            + "reports and VQA answers and publish it; a base of the same export and settings is "
            + "reused from the cache."})
final class TrainCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--sft", description = "Run the SFT warm start instead of DPO.")
  boolean sft;

  @Option(names = "--from", paramLabel = "DIR", description = "PACS export folder (for --sft).")
  Path from;

  @Option(names = "--no-cache", description = "Train the base again even when cached.")
  boolean noCache;

  @Option(names = "--run-id", paramLabel = "ID", description = "DPO run name (default dpo).")
  String runId;

  @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N steps in total.")
  Long maxSteps;

  @Option(names = "--idle-exit-ms", paramLabel = "MS",
      description = "Stop after MS milliseconds without a new sample.")
  Long idleExitMs;

  @Option(names = "--no-weights", description = "Plain DPO: ignore the clinical weights.")
  boolean noWeights;

  @Option(names = "--samples", paramLabel = "all|text|image",
      description = "Learn from all samples, or text or image dispreference only.")
  String samples;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    ConfigOptions.put(flags, TrainerConfig.RUN_ID, runId);
    ConfigOptions.put(flags, TrainerConfig.MAX_STEPS, maxSteps);
    ConfigOptions.put(flags, TrainerConfig.IDLE_EXIT_MS, idleExitMs);
    ConfigOptions.put(flags, TrainerConfig.SAMPLES, samples);
    if (noWeights) {
      flags.put(TrainerConfig.WEIGHTS_ENABLED, "false");
    }
    // Validate before starting anything; the flags may also set up the embedded platform.
    ConfigOptions.checkKnown(options.sources(flags), TrainerConfig.DEFINITION,
        PlatformConfig.DEFINITION);
    new TrainerConfig(options.sources(flags).lenient());
    new PlatformConfig(options.sources(flags).lenient());
    try (PlatformSession session = PlatformSession.open(options.sources(flags))) {
      TrainerConfig config = new TrainerConfig(session.sources().lenient()).applyEngineSettings();
      return sft ? sft(config) : dpo(config);
    }
  }

  private int sft(TrainerConfig config) throws Exception {
    if (from == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--sft needs --from DIR (a PACS export)");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<ExportStudy> studies = ExportStudies.read(from);
    out.printf("read %d studies from %s%n", studies.size(), from);
    out.flush();
    Topics topics = Topics.create(config, EventSerdes.create(config));
    try (BlobStore blobs = BlobStore.open(config.blobStoreUri());
        KafkaProducer<String, ModelVersion> producer = new KafkaProducer<>(
            KafkaClients.producer(config, "mmedpo-sft"),
            topics.modelVersions().keySerde().serializer(),
            topics.modelVersions().valueSerde().serializer())) {
      SftWarmStart.Outcome o = SftWarmStart.run(config, studies, blobs, !noCache);
      ModelVersions.publish(producer, topics.modelVersions(), o.version());
      out.printf("base model %s%s%n", o.version().getVersion(), o.cached() ? " (cached)" : "");
      out.printf("  parameters               %,d%n", o.parameters());
      out.printf("  examples train/val       %d / %d%n", o.trainExamples(),
          o.validationExamples());
      out.printf("  SFT time                 %.0f s, %d epochs, stopped by %s%n", o.seconds(),
          o.epochs(), o.stoppedBy());
      out.printf("  closed accuracy (val)    %.1f%% on %d questions%n", 100 * o.closedAccuracy(),
          o.closedQuestions());
      out.printf("  majority-answer rate     %.1f%%%n", 100 * o.majorityRate());
      out.printf("  archive                  %s%n", o.version().getBlobUri());
      out.flush();
    }
    return 0;
  }

  private int dpo(TrainerConfig config) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (ServiceMetrics metrics = ServiceMetrics.start(config, "trainer");
        StreamingDpoTrainer trainer = StreamingDpoTrainer.open(config)) {
      CountDownLatch done = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        trainer.stop();
        try {
          done.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "mmedpo-train-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      StreamingDpoTrainer.Result result;
      try {
        result = trainer.run();
      } finally {
        done.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
      out.printf("trained %d steps on %d samples (%d skipped, %d dead letters); last version %s%n",
          result.steps(), result.samplesSeen(), result.skipped(), result.deadLetters(),
          result.lastVersion());
      out.printf("reference log-probs: %d reused from the events (enriched by the stream "
              + "processors), %d from the cache, %d computed%n", result.referenceFromEvent(),
          result.referenceCacheHits(), result.referenceComputed());
      out.flush();
    }
    return 0;
  }
}
