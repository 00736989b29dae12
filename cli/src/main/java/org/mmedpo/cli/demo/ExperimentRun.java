package org.mmedpo.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.evaluation.stats.Stats;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.pipeline.IngestRuntime;
import org.mmedpo.ingest.pipeline.IngestSummary;
import org.mmedpo.ingest.pipeline.ProgressListener;
import org.mmedpo.model.MedVlm;
import org.mmedpo.platform.PlatformSession;
import org.mmedpo.streams.StreamsApp;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.trainer.TrainerConfig;
import org.mmedpo.trainer.data.ExportStudies;
import org.mmedpo.trainer.data.ExportStudy;
import org.mmedpo.trainer.data.TrainingExample;
import org.mmedpo.trainer.data.TrainingExamples;
import org.mmedpo.trainer.eval.Evaluator;
import org.mmedpo.trainer.sft.SftWarmStart;
import org.mmedpo.trainer.stream.ModelVersions;
import org.mmedpo.trainer.stream.StreamingDpoTrainer;

/**
 * The paper's comparison in miniature (MMEDPO.md Table 1 and ablations). One synthetic stream is
 * ingested and turned into preference samples once. For each seed, an SFT base is trained, then
 * every arm aligns a copy of it with the same step budget on the same stream, each arm from the
 * beginning of the preferences topic with its own consumer group and checkpoint. Every model is
 * scored on a held-out export written with another seed, which no training or early stopping
 * ever reads. The table gives mean ± sd over the seeds.
 */
public final class ExperimentRun {

  /** One row of the comparison: how the DPO trainer is switched. */
  public enum Arm {
    DPO("+ DPO (unweighted, text only)", false, TrainerConfig.Samples.TEXT),
    MMEDPO("+ MMedPO (weighted, text + image)", true, TrainerConfig.Samples.ALL),
    NO_WEIGHTS("MMedPO without weights", false, TrainerConfig.Samples.ALL),
    TEXT_ONLY("MMedPO, text samples only", true, TrainerConfig.Samples.TEXT),
    IMAGE_ONLY("MMedPO, image samples only", true, TrainerConfig.Samples.IMAGE);

    final String label;
    final boolean weights;
    final TrainerConfig.Samples samples;

    Arm(String label, boolean weights, TrainerConfig.Samples samples) {
      this.label = label;
      this.weights = weights;
      this.samples = samples;
    }
  }

  /**
   * @param studies studies of the training stream
   * @param heldOutStudies studies of the held-out export
   * @param seeds one SFT base and one run of every arm per seed
   * @param steps DPO step budget of every arm
   * @param arms the arms to run
   * @param report where the results table is written (Markdown)
   */
  public record Settings(int studies, int heldOutStudies, List<Long> seeds, int steps,
      List<Arm> arms, Path report) {}

  /** Where the experiment keeps its platform, exports and checkpoints unless told otherwise. */
  public static final String DEFAULT_DATA_DIR = ".mmedpo-experiment";

  private static final long STREAM_SEED = 1_001;
  private static final long HELD_OUT_SEED = 2_002;

  private final Settings settings;
  private final PrintWriter out;

  public ExperimentRun(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Runs every seed and arm and prints (and writes) the table; returns it. */
  public String run(ConfigSources sources) throws Exception {
    long started = System.nanoTime();
    try (PlatformSession session = PlatformSession.open(sources)) {
      ConfigSources s = session.sources();
      TrainerConfig config = new TrainerConfig(s.lenient()).applyEngineSettings();
      Path dir = config.dataDir().resolve("experiment");
      Path streamExport = dir.resolve("stream-n" + settings.studies() + "-s" + STREAM_SEED);
      Path heldOutExport = dir.resolve("heldout-n" + settings.heldOutStudies() + "-s" + HELD_OUT_SEED);
      say("writing the exports (stream %d studies, held-out %d studies)", settings.studies(),
          settings.heldOutStudies());
      RunSupport.ensureExport(streamExport, settings.studies(), STREAM_SEED, new AtomicInteger());
      RunSupport.ensureExport(heldOutExport, settings.heldOutStudies(), HELD_OUT_SEED,
          new AtomicInteger());

      long samples = buildStream(s, streamExport);
      say("the stream holds %d preference samples", samples);

      List<ExportStudy> streamStudies = ExportStudies.read(streamExport);
      List<TrainingExample> heldOut = TrainingExamples.of(ExportStudies.read(heldOutExport));
      Topics topics = Topics.create(config, EventSerdes.create(config));
      Map<String, List<Evaluator.Row>> rows = new LinkedHashMap<>();
      try (BlobStore blobs = BlobStore.open(config)) {
        Evaluator evaluator = RunSupport.evaluator(config);
        for (long seed : settings.seeds()) {
          TrainerConfig seeded = trainerConfig(s, Map.of(
              TrainerConfig.MODEL_SEED, String.valueOf(seed),
              TrainerConfig.SFT_SHUFFLE_SEED, String.valueOf(seed)));
          SftWarmStart.Outcome base = SftWarmStart.run(seeded, streamStudies, blobs, true);
          RunSupport.publish(seeded, topics.modelVersions(), base.version());
          say("seed %d: base %s%s", seed, base.version().getVersion(), base.cached() ? " (cached)" : "");
          rows.computeIfAbsent("Base (SFT)", k -> new ArrayList<>())
              .add(evaluate(evaluator, blobs, base.version(), heldOut, seeded));
          for (Arm arm : settings.arms()) {
            ModelVersion aligned = align(s, seed, arm, base.version());
            rows.computeIfAbsent(arm.label, k -> new ArrayList<>())
                .add(evaluate(evaluator, blobs, aligned, heldOut, seeded));
            say("seed %d: %s done (%s)", seed, arm.label, aligned.getVersion());
          }
        }
      }
      String table = table(rows, heldOut, samples, (System.nanoTime() - started) / 6e10);
      out.println();
      out.print(table);
      out.flush();
      if (settings.report() != null) {
        Files.createDirectories(settings.report().toAbsolutePath().getParent());
        Files.writeString(settings.report(), table);
        say("table written to %s", settings.report());
      }
      return table;
    }
  }

  /** Ingests the stream export once and runs the processors until they go quiet. */
  private long buildStream(ConfigSources s, Path export) throws IOException, InterruptedException {
    IngestConfig ingestConfig = new IngestConfig(s.lenient());
    try (IngestRuntime ingest = IngestRuntime.open(ingestConfig)) {
      IngestSummary summary = ingest.ingestor().ingestFolder(export, ProgressListener.NONE);
      say("ingest: %s", summary);
    }
    StreamsAppConfig streamsConfig = new StreamsAppConfig(s.lenient());
    try (StreamsApp streams = StreamsApp.start(streamsConfig, Duration.ofMinutes(2))) {
      streams.awaitIdle(Duration.ofSeconds(30));
    }
    TrainerConfig config = new TrainerConfig(s.lenient());
    Topics topics = Topics.create(config, EventSerdes.create(config));
    long pairs = RunSupport.countRecords(config, topics.pairs());
    if (pairs != settings.studies()) {
      // Pairs from another run (the demo, an import, other exports) would feed the arms samples
      // of studies the bases never saw, and in an order no other run of the experiment has.
      throw new IllegalStateException("the pairs topic holds " + pairs + " pairs but the "
          + "experiment's stream has " + settings.studies() + " studies: run the experiment on a "
          + "platform and data folder of its own (its default --data-dir is "
          + ExperimentRun.DEFAULT_DATA_DIR + ")");
    }
    return RunSupport.countRecords(config, topics.preferences());
  }

  private ModelVersion align(ConfigSources s, long seed, Arm arm, ModelVersion base) throws IOException {
    // The run (its checkpoint and consumer group) is named by everything that shapes it, so a
    // rerun with other settings trains anew instead of reporting an old model.
    String run = "exp-s" + seed + "-" + arm.name().toLowerCase(Locale.ROOT).replace('_', '-')
        + "-n" + settings.steps() + "-" + settingsHash(config(s)) + "-" + base.getVersion();
    TrainerConfig config = trainerConfig(s, Map.ofEntries(
        Map.entry(TrainerConfig.MODEL_SEED, String.valueOf(seed)),
        Map.entry(TrainerConfig.RUN_ID, run),
        Map.entry(TrainerConfig.GROUP_ID, "mmedpo-" + run),
        Map.entry(TrainerConfig.CHECKPOINT_DIR, config(s).dataDir().resolve("experiment")
            .resolve("checkpoints").resolve(run).toString()),
        Map.entry(TrainerConfig.REFERENCE_VERSION, base.getVersion()),
        Map.entry(TrainerConfig.MAX_STEPS, String.valueOf(settings.steps())),
        Map.entry(TrainerConfig.CHECKPOINT_STEPS, String.valueOf(settings.steps())),
        Map.entry(TrainerConfig.WEIGHTS_ENABLED, String.valueOf(arm.weights)),
        Map.entry(TrainerConfig.SAMPLES, arm.samples.name().toLowerCase(Locale.ROOT)),
        // Every step a full batch: the wait only ends a batch when the stream has run dry.
        Map.entry(TrainerConfig.BATCH_WAIT_MS, "120000"),
        Map.entry(TrainerConfig.IDLE_EXIT_MS, "30000")));
    StreamingDpoTrainer.Result result;
    try (StreamingDpoTrainer trainer = StreamingDpoTrainer.open(config)) {
      result = trainer.run();
    }
    long budget = (long) settings.steps() * config.batchSize();
    if (result.steps() != settings.steps() || result.samplesSeen() != budget) {
      throw new IllegalStateException(arm.label + " (seed " + seed + ") trained " + result.steps()
          + " steps on " + result.samplesSeen() + " samples, not " + settings.steps() + " on "
          + budget + ": the stream has too few samples of this arm's kind");
    }
    say("seed %d: %s trained %d steps on %d samples as run %s", seed, arm.label, result.steps(),
        result.samplesSeen(), run);
    Topics topics = Topics.create(config, EventSerdes.create(config));
    return ModelVersions.find(ModelVersions.readAll(config, topics.modelVersions()),
        result.lastVersion()).orElseThrow();
  }

  private static Evaluator.Row evaluate(Evaluator evaluator, BlobStore blobs, ModelVersion version,
      List<TrainingExample> heldOut, TrainerConfig config) {
    try (MedVlm model = MedVlm.load(blobs.get(version.getBlobUri()), config.device(), false)) {
      return evaluator.evaluate(version.getVersion(), model, heldOut);
    }
  }

  /** A short hash of the model and trainer settings, except those that name the run. */
  static String settingsHash(TrainerConfig config) {
    Set<String> naming = Set.of(TrainerConfig.RUN_ID, TrainerConfig.GROUP_ID,
        TrainerConfig.CHECKPOINT_DIR, TrainerConfig.REFERENCE_VERSION, TrainerConfig.IDLE_EXIT_MS);
    StringBuilder text = new StringBuilder();
    new TreeMap<>(config.values()).forEach((key, value) -> {
      if ((key.startsWith("trainer.") || key.startsWith("model.")) && !naming.contains(key)) {
        text.append(key).append('=').append(value).append('\n');
      }
    });
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrainerConfig config(ConfigSources s) {
    return new TrainerConfig(s.lenient());
  }

  private static TrainerConfig trainerConfig(ConfigSources s, Map<String, String> flags) {
    return new TrainerConfig(s.withFlags(flags).lenient()).applyEngineSettings();
  }

  /** The Markdown table: mean ± sd over seeds of each metric, in percent. */
  static String table(Map<String, List<Evaluator.Row>> rows, List<TrainingExample> heldOut,
      long samples, double minutes) {
    StringBuilder t = new StringBuilder();
    t.append("| model | closed accuracy | open recall | BLEU | ROUGE-L | METEOR |\n");
    t.append("|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<Evaluator.Row>> e : rows.entrySet()) {
      List<Evaluator.Row> r = e.getValue();
      t.append("| ").append(e.getKey())
          .append(" | ").append(meanSd(r, Evaluator.Row::closedAccuracy))
          .append(" | ").append(meanSd(r, Evaluator.Row::openRecall))
          .append(" | ").append(meanSd(r, x -> x.report().bleu()))
          .append(" | ").append(meanSd(r, x -> x.report().rougeL()))
          .append(" | ").append(meanSd(r, x -> x.report().meteor()))
          .append(" |\n");
    }
    Evaluator.Row any = rows.values().iterator().next().get(0);
    long studies = heldOut.stream().map(TrainingExample::studyId).distinct().count();
    t.append(String.format(Locale.ROOT, "%nMean ± sd over %d seeds, in percent, on %d held-out "
            + "studies (%d closed and %d open questions, %d reports) that no training read; "
            + "%d preference samples in the stream; %.0f min in all.%n",
        rows.values().iterator().next().size(), studies, any.closedQuestions(),
        any.openQuestions(), any.reports(), samples, minutes));
    return t.toString();
  }

  private static String meanSd(List<Evaluator.Row> rows, ToDoubleFunction<Evaluator.Row> metric) {
    double[] values = rows.stream().mapToDouble(metric).map(v -> 100 * v).toArray();
    return values.length < 2
        ? String.format(Locale.ROOT, "%.2f", values[0])
        : String.format(Locale.ROOT, "%.2f ± %.2f", Stats.mean(values), Stats.sampleStd(values));
  }

  private void say(String format, Object... args) {
    out.printf("experiment: " + format + "%n", args);
    out.flush();
  }
}
