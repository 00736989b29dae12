package org.mmedpo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.platform.PlatformSession;
import org.mmedpo.trainer.TrainerConfig;
import org.mmedpo.trainer.bench.PreferenceStreamSynth;
import org.mmedpo.trainer.bench.ResidentMemory;
import org.mmedpo.trainer.data.ExportStudies;
import org.mmedpo.trainer.data.ExportStudy;
import org.mmedpo.trainer.data.TrainingExamples;
import org.mmedpo.trainer.stream.StreamingDpoTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo bench trainer-stream}: the streaming trainer end to end over Kafka. */
@Command(name = "trainer-stream", mixinStandardHelpOptions = true,
    description = {"Produce simple preference samples made from the training split of an export "
        + "(a stand-in for the stream processors: flipped closed answers, denied reports, noised "
        + "lesion boxes) to mmedpo.preferences.v1, then run the streaming DPO trainer on them "
        + "against the newest BASE version and print its throughput. Needs a base: run "
        + "'train --sft --from DIR' first."})
final class BenchTrainerStreamCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "DIR", description = "PACS export.")
  Path from;

  @Option(names = "--pairs", paramLabel = "N", description = "Samples to produce (default 800).")
  int pairs = 800;

  @Option(names = "--no-produce", description = "Train on what the topic already holds.")
  boolean noProduce;

  @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N steps in total.")
  Long maxSteps;

  @Option(names = "--run-id", paramLabel = "ID", description = "Run name (default bench).")
  String runId = "bench";

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(TrainerConfig.RUN_ID, runId);
    flags.put(TrainerConfig.IDLE_EXIT_MS, "15000");
    ConfigOptions.put(flags, TrainerConfig.MAX_STEPS, maxSteps);
    PrintWriter out = spec.commandLine().getOut();
    try (PlatformSession session = PlatformSession.open(options.sources(flags))) {
      TrainerConfig config = new TrainerConfig(session.sources().lenient()).applyEngineSettings();
      if (!noProduce) {
        int percent = config.getInt(TrainerConfig.SFT_VALIDATION_PERCENT);
        List<ExportStudy> train = ExportStudies.read(from).stream()
            .filter(s -> !TrainingExamples.isValidation(s.studyId(), percent)).toList();
        Topics topics = Topics.create(config, EventSerdes.create(config));
        try (BlobStore blobs = BlobStore.open(config.blobStoreUri());
            KafkaProducer<String, PreferenceSample> producer = new KafkaProducer<>(
                KafkaClients.producer(config, "mmedpo-bench-producer"),
                topics.preferences().keySerde().serializer(),
                topics.preferences().valueSerde().serializer())) {
          List<PreferenceSample> samples = PreferenceStreamSynth.make(train, blobs, pairs, 1);
          for (PreferenceSample s : samples) {
            producer.send(new ProducerRecord<>(topics.preferences().name(), s.getSampleId(), s));
          }
          producer.flush();
          out.printf("produced %d preference samples from %d training studies%n", samples.size(),
              train.size());
          out.flush();
        }
      }
      try (StreamingDpoTrainer trainer = StreamingDpoTrainer.open(config)) {
        long started = System.nanoTime();
        StreamingDpoTrainer.Result r = trainer.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (config.maxSteps() == 0 || r.steps() < config.maxSteps()) {
          seconds -= config.idleExitMs() / 1000.0; // it waited that long for more samples
        }
        out.printf("trained %d steps, %d samples (%d skipped) in %.1f s: %.1f samples/s "
            + "end to end (Kafka, blob fetch, PNG decode, reference log-probs, step, checkpoints)%n",
            r.steps(), r.samplesSeen(), r.skipped(), seconds, r.samplesSeen() / seconds);
        out.printf("reference log-probs computed for %d samples, reused %d times; last version "
            + "%s; peak RSS %.0f MiB%n", r.referenceComputed(), r.referenceHits(),
            r.lastVersion(), ResidentMemory.peakMiB());
        out.flush();
      }
    }
    return 0;
  }
}
