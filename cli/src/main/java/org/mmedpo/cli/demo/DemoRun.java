package org.mmedpo.cli.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.mmedpo.cli.demo.StageBoard.Progress;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.dashboard.Dashboard;
import org.mmedpo.dashboard.DashboardConfig;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.pipeline.FolderWatcher;
import org.mmedpo.ingest.pipeline.IngestRuntime;
import org.mmedpo.model.MedVlm;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.platform.PlatformSession;
import org.mmedpo.streams.StreamsApp;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.streams.assembly.ModelReferenceScorer;
import org.mmedpo.trainer.TrainerConfig;
import org.mmedpo.trainer.data.ExportStudies;
import org.mmedpo.trainer.data.ExportStudy;
import org.mmedpo.trainer.data.TrainingExample;
import org.mmedpo.trainer.data.TrainingExamples;
import org.mmedpo.trainer.eval.Evaluator;
import org.mmedpo.trainer.sft.SftWarmStart;
import org.mmedpo.trainer.stream.ModelVersions;
import org.mmedpo.trainer.stream.StreamingDpoTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the demo. In order: the platform (embedded unless one answers), the dashboard, a
 * synthetic export (written once per size and seed), a PACS feeding it into a watched folder over
 * time while ingest and the stream processors turn it into preference samples, the SFT warm start
 * (cached), streaming weighted DPO until its step budget or the time budget, and evaluation of the
 * base and every published version, whose metrics are then published with the versions.
 *
 * <p>Everything keeps its state under {@code <data.dir>}: a rerun reuses the export, ingests
 * nothing twice, resumes the stream processors and the trainer from their committed positions and
 * reuses the cached base, so it continues where the last run stopped.
 */
public final class DemoRun {

  private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);

  /**
   * What to run.
   *
   * @param studies studies in the synthetic export
   * @param seed seed of the export
   * @param budget wall-clock budget of the whole run; DPO stops early to leave time for eval
   * @param feedSeconds how long the PACS takes to deliver all studies
   * @param dpoSteps DPO optimizer steps in total (a rerun continues up to this number)
   * @param checkpointSteps steps between checkpoints, each published as a model version
   * @param stay keep the dashboard up after the table, until Ctrl-C
   */
  public record Settings(int studies, long seed, Duration budget, int feedSeconds, int dpoSteps,
      int checkpointSteps, boolean stay) {}

  private final Settings settings;
  private final PrintWriter out;
  private final PrintStream terminal;
  private final boolean interactive;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<StreamingDpoTrainer> trainer = new AtomicReference<>();

  public DemoRun(Settings settings, PrintWriter out, PrintStream terminal, boolean interactive) {
    this.settings = settings;
    this.out = out;
    this.terminal = terminal;
    this.interactive = interactive;
  }

  /** Asks the run to stop (Ctrl-C): the trainer checkpoints, everything closes cleanly. */
  public void requestStop() {
    stop.set(true);
    StreamingDpoTrainer running = trainer.get();
    if (running != null) {
      running.stop();
    }
  }

  /** Runs the demo; returns when the table is printed (or after Ctrl-C with --stay). */
  public void run(ConfigSources sources) throws Exception {
    long started = System.nanoTime();
    long deadline = started + settings.budget().toNanos();
    out.println("mmedpo demo: the continuous-alignment loop on " + settings.studies()
        + " synthetic studies (budget " + settings.budget().toMinutes() + " min)");
    out.flush();
    try (PlatformSession session = PlatformSession.open(sources)) {
      ConfigSources s = withDemoDefaults(session.sources());
      PlatformConfig platform = new PlatformConfig(s.lenient());
      Path demoDir = platform.dataDir().resolve("demo");
      out.printf("  Kafka %s, schema registry %s%s%n", platform.bootstrapServers(),
          platform.schemaRegistryUrl(), session.isEmbedded() ? " (embedded)" : "");
      try (Dashboard dashboard = Dashboard.start(new DashboardConfig(s.lenient()))) {
        out.printf("  Dashboard: %s%n", dashboard.url());
        out.flush();
        runStages(s, demoDir, deadline);
        out.printf("demo finished in %.1f min; dashboard was %s%n",
            (System.nanoTime() - started) / 6e10, dashboard.url());
        out.println("Run ./mmedpo demo again to continue from here.");
        out.flush();
        if (settings.stay() && !stop.get()) {
          out.println("The dashboard stays up; press Ctrl-C to stop.");
          out.flush();
          while (!stop.get()) {
            Thread.sleep(500);
          }
        }
      }
    }
  }

  private void runStages(ConfigSources s, Path demoDir, long deadline) throws Exception {
    TrainerConfig trainerConfig = new TrainerConfig(s.lenient()).applyEngineSettings();
    Topics topics = Topics.create(trainerConfig, EventSerdes.create(trainerConfig));
    Path export = demoDir.resolve("export-n" + settings.studies() + "-s" + settings.seed());
    Path drop = demoDir.resolve("pacs-drop-n" + settings.studies() + "-s" + settings.seed());

    AtomicInteger synthDone = new AtomicInteger(Files.isDirectory(export) ? settings.studies() : 0);
    AtomicLong images = new AtomicLong(imageCount(export));
    AtomicLong sftStarted = new AtomicLong();
    AtomicBoolean sftDone = new AtomicBoolean();
    AtomicReference<String> sftNote = new AtomicReference<>("waiting");
    AtomicInteger evalDone = new AtomicInteger();
    AtomicInteger evalTotal = new AtomicInteger();
    int sftBudget = trainerConfig.getInt(TrainerConfig.SFT_MAX_SECONDS);
    boolean enrichment = new StreamsAppConfig(s.lenient()).referenceEnrichment();

    try (TopicCounter counts = new TopicCounter(trainerConfig, topics, enrichment);
        StageBoard board = new StageBoard(terminal, interactive)) {
      PacsFeeder[] feeder = new PacsFeeder[1];
      board.add("synth", () -> Progress.of(synthDone.get(), settings.studies(), "synthetic export"))
          .add("pacs", () -> feeder[0] == null ? Progress.of(0, settings.studies(), "waiting")
              : Progress.of(feeder[0].delivered(), feeder[0].total(), "studies delivered to " + drop.getFileName()))
          .add("ingest", () -> Progress.of(counts.count(topics.pairs()), images.get(),
              "image-report pairs; dead letters " + counts.count(topics.dlq())))
          .add("streams", () -> Progress.of(counts.count(topics.preferences()), 0,
              "preference samples (" + counts.count(topics.variants()) + " variants, "
                  + counts.count(topics.scores()) + " scores"
                  + (enrichment ? "; " + counts.enriched() + " with reference log-probs)" : ")")))
          .add("sft", () -> Progress.of(sftDone.get() ? sftBudget : sftStarted.get() == 0 ? 0
              : Math.min(sftBudget, (System.nanoTime() - sftStarted.get()) / 1_000_000_000L),
              sftBudget, sftNote.get()))
          .add("dpo", () -> Progress.of(counts.count(topics.trainerMetrics()), settings.dpoSteps(),
              "steps; model versions " + counts.count(topics.modelVersions())))
          .add("eval", () -> Progress.of(evalDone.get(), evalTotal.get(), "models evaluated"));
      board.start();

      RunSupport.ensureExport(export, settings.studies(), settings.seed(), synthDone);
      images.set(imageCount(export));
      if (stop.get()) {
        return;
      }

      IngestConfig ingestConfig = new IngestConfig(s.lenient());
      Thread watcherThread;
      Thread feederThread;
      try (IngestRuntime ingest = IngestRuntime.open(ingestConfig);
          StreamsApp streams = StreamsApp.start(new StreamsAppConfig(s.lenient()), Duration.ofMinutes(2));
          BlobStore blobs = BlobStore.open(trainerConfig)) {
        FolderWatcher watcher = new FolderWatcher(ingestConfig, ingest.ingestor(), drop);
        Files.createDirectories(drop);
        watcherThread = RunSupport.daemon("demo-ingest", () -> {
          try {
            watcher.run(stop);
          } catch (IOException e) {
            LOG.error("ingest watcher failed: {}", e.getMessage(), e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        feeder[0] = new PacsFeeder(export, drop, settings.feedSeconds(), stop);
        feederThread = RunSupport.daemon("demo-pacs", feeder[0]);

        // From here on, however the run ends, the PACS and the watcher stop before ingest closes.
        try {
          // SFT in this thread while the PACS delivers and the processors make samples.
          List<ExportStudy> studies = ExportStudies.read(export);
          sftStarted.set(System.nanoTime());
          sftNote.set("SFT warm start on " + studies.size() + " studies");
          SftWarmStart.Outcome base = SftWarmStart.run(trainerConfig, studies, blobs, true,
              stop::get);
          RunSupport.publish(trainerConfig, topics.modelVersions(), base.version());
          sftNote.set(String.format("base %s%s: closed accuracy %.1f%% (majority %.1f%%)",
              base.version().getVersion(), base.cached() ? " (cached)" : "",
              100 * base.closedAccuracy(), 100 * base.majorityRate()));
          sftDone.set(true);
          board.say(String.format("  SFT: %s, %d train / %d validation examples, %.0f s%s",
              sftNote.get(), base.trainExamples(), base.validationExamples(), base.seconds(),
              base.cached() ? " when it was trained" : ""));

          if (!stop.get()) {
            runDpo(s, deadline, board, base.version().getVersion());
          }
          streams.components().reference().ifPresent(r -> {
            if (r instanceof ModelReferenceScorer scorer) {
              board.say(String.format("  reference enrichment so far in this run: %d samples "
                      + "enriched by base %s, %d passed through before a base was published; on "
                      + "the topic: %d of %d samples carry reference log-probs",
                  scorer.enriched(), base.version().getVersion(), scorer.withoutBase(),
                  counts.enriched(), counts.count(topics.preferences())));
            }
          });
          List<TrainingExample> heldOut = TrainingExamples.validation(TrainingExamples.of(studies),
              trainerConfig.getInt(TrainerConfig.SFT_VALIDATION_PERCENT));
          if (!stop.get()) {
            evaluate(trainerConfig, topics, blobs, heldOut, board, evalDone, evalTotal);
          }
        } catch (CancellationException e) {
          board.say("  SFT: " + e.getMessage() + "; the next run trains the base again");
        } finally {
          stop.set(true);
          feederThread.join(10_000);
          watcherThread.join(30_000);
          board.say("  ingest: " + watcher.summary());
        }
      }
    }
  }

  /**
   * Aligns {@code baseVersion} in a run named after it, so a demo with other studies or another
   * seed (another base) starts its own run and a rerun with the same base continues it.
   */
  private void runDpo(ConfigSources s, long deadline, StageBoard board, String baseVersion)
      throws Exception {
    TrainerConfig dpo = new TrainerConfig(s.withFlags(Map.of(
        TrainerConfig.MAX_STEPS, String.valueOf(settings.dpoSteps()),
        TrainerConfig.CHECKPOINT_STEPS, String.valueOf(settings.checkpointSteps()),
        TrainerConfig.REFERENCE_VERSION, baseVersion,
        TrainerConfig.RUN_ID, runId(baseVersion))).lenient()).applyEngineSettings();
    // Leave a fifth of the budget (at least 90 s) for evaluation.
    long evalReserve = Math.max(90_000_000_000L, settings.budget().toNanos() / 5);
    long stopAt = deadline - evalReserve;
    try (StreamingDpoTrainer running = StreamingDpoTrainer.open(dpo)) {
      trainer.set(running);
      Thread watchdog = RunSupport.daemon("demo-dpo-deadline", () -> {
        try {
          long wait = stopAt - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          running.stop();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      if (stop.get()) {
        running.stop();
      }
      StreamingDpoTrainer.Result result = running.run();
      watchdog.interrupt();
      board.say(String.format("  DPO: %d steps on %d samples; last version %s; reference log-probs "
              + "%d reused from the events, %d from the cache, %d computed", result.steps(),
          result.samplesSeen(), result.lastVersion(), result.referenceFromEvent(),
          result.referenceCacheHits(), result.referenceComputed()));
    } finally {
      trainer.set(null);
    }
  }

  private void evaluate(TrainerConfig config, Topics topics, BlobStore blobs,
      List<TrainingExample> heldOut, StageBoard board, AtomicInteger done, AtomicInteger total)
      throws Exception {
    List<ModelVersion> published = ModelVersions.readAll(config, topics.modelVersions());
    ModelVersion base = ModelVersions.base(published, "").orElseThrow(
        () -> new IllegalStateException("no BASE model version is published"));
    List<ModelVersion> models = new ArrayList<>();
    models.add(base);
    published.stream()
        .filter(v -> v.getKind() == ModelKind.ALIGNED && base.getVersion().equals(baseOf(v, published)))
        .forEach(models::add);
    total.set(models.size());
    Evaluator evaluator = RunSupport.evaluator(config);
    List<Evaluator.Row> rows = new ArrayList<>();
    try (KafkaProducer<String, ModelVersion> producer = RunSupport.versionProducer(config, topics.modelVersions())) {
      for (ModelVersion version : models) {
        if (stop.get()) {
          break;
        }
        Evaluator.Row row;
        try (MedVlm model = MedVlm.load(blobs.get(version.getBlobUri()), config.device(), false)) {
          row = evaluator.evaluate(version.getVersion(), model, heldOut);
        }
        rows.add(row);
        ModelVersions.publish(producer, topics.modelVersions(),
            ModelVersion.newBuilder(version).setEvaluation(RunSupport.evaluationMap(row)).build());
        done.incrementAndGet();
      }
    }
    board.say("\nEvaluation on the " + heldOut.size() + " examples of the SFT validation split "
        + "(never trained on; SFT's early stopping watched it), base against each published "
        + "version:\n" + Evaluator.table(rows));
  }

  /** The demo's DPO run of {@code baseVersion}: {@code demo-} and the start of the base's hash. */
  static String runId(String baseVersion) {
    String hash = baseVersion.startsWith("base-") ? baseVersion.substring(5) : baseVersion;
    return "demo-" + hash.substring(0, Math.min(6, hash.length()));
  }

  /** The BASE version an aligned version descends from. */
  private static String baseOf(ModelVersion version, List<ModelVersion> all) {
    ModelVersion current = version;
    for (int hops = 0; current != null && current.getKind() != ModelKind.BASE && hops < 10_000; hops++) {
      String parent = current.getParent();
      current = parent == null ? null : ModelVersions.find(all, parent).orElse(null);
    }
    return current == null ? null : current.getVersion();
  }

  /**
   * The demo's own defaults, below everything the user set (file, environment, flags): a shorter
   * SFT budget so that the default run fits in ten minutes on two cores. The model-backed
   * processor parts (hallucinator=target-model, the saliency localizer, reference.enrichment) stay
   * off unless the user switches them on; the board then reports what they did.
   */
  private static ConfigSources withDemoDefaults(ConfigSources sources) {
    Map<String, String> defaults = Map.of(TrainerConfig.SFT_MAX_SECONDS, "210");
    Map<String, Object> given = new TrainerConfig(sources.lenient()).originals();
    Map<String, String> flags = new HashMap<>();
    defaults.forEach((key, value) -> {
      if (!given.containsKey(key)) {
        flags.put(key, value);
      }
    });
    return sources.withFlags(flags);
  }

  /** DICOM files of the export: one pair each when ingest succeeds. */
  private static long imageCount(Path export) {
    if (!Files.isDirectory(export)) {
      return 0;
    }
    try (var walk = Files.walk(export)) {
      return walk.filter(p -> p.toString().endsWith(".dcm")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Counts the committed records of every pipeline topic for the board. End offsets would
   * overcount: transactional producers (ingest, the processors) leave a commit marker per
   * partition and transaction. A consumer without a group reads the raw bytes from the beginning;
   * with reference enrichment on, preference samples are decoded to count those that carry
   * reference log-probs.
   */
  private static final class TopicCounter implements AutoCloseable {
    private final Map<String, AtomicLong> counts = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong enriched = new AtomicLong();
    private final boolean countEnriched;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param countEnriched decode preference samples to count those with reference log-probs */
    TopicCounter(AppConfig config, Topics topics, boolean countEnriched) {
      this.countEnriched = countEnriched;
      topics.all().forEach(t -> counts.put(t.name(), new AtomicLong()));
      thread = RunSupport.daemon("demo-counter", () -> count(config, topics));
    }

    long count(Topic<?> topic) {
      return counts.get(topic.name()).get();
    }

    /** Preference samples that carry reference log-probs. */
    long enriched() {
      return enriched.get();
    }

    private void count(AppConfig config, Topics topics) {
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
          KafkaClients.consumer(config, null), new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?> topic : topics.all()) {
          consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))
              .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        var samples = topics.preferences().valueSerde().deserializer();
        while (running) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            counts.get(record.topic()).incrementAndGet();
            if (countEnriched && record.topic().equals(topics.preferences().name())
                && record.value() != null) {
              try {
                if (samples.deserialize(record.topic(), record.value()).getReference() != null) {
                  enriched.incrementAndGet();
                }
              } catch (RuntimeException e) {
                // an undecodable sample is not enriched; the trainer dead-letters it
              }
            }
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("the demo's record counter stopped: {}", e.getMessage());
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5_000);
    }
  }
}
