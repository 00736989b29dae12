package org.mmedpo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.ingest.export.ExportReader;
import org.mmedpo.ingest.export.Study;
import org.mmedpo.streams.bench.ExportPairs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.platform.PlatformSession;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.streams.bench.StreamsBenchmark;
import org.mmedpo.streams.topology.StageTimings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo bench streams}: pairs per second through the processors against a bare copy. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = {"Push synthetic pairs (and poison pills) through the stream processors on fresh "
        + "topics and report pairs per second, the cost split by stage, and the ratio to a bare "
        + "Kafka Streams consume-and-produce of the same records in the same run, with the same "
        + "guarantee and threads. Checks counts in = out + dead letters and the weights."})
final class BenchStreamsCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--pairs", description = "Synthetic pairs (default ${DEFAULT-VALUE}); ignored with --export.",
      defaultValue = "500")
  int pairs;

  @Option(names = "--image-size", description = "Image side in pixels (default ${DEFAULT-VALUE}); ignored with --export.",
      defaultValue = "512")
  int imageSize;

  @Option(names = "--export", paramLabel = "DIR",
      description = "Read the pairs from a PACS export folder (e.g. one written by 'mmedpo synth') as ingest "
          + "reads it, instead of the built-in synthetic pairs.")
  Path export;

  @Option(names = "--poison", description = "Poison pills (default ${DEFAULT-VALUE}).", defaultValue = "5")
  int poison;

  @Option(names = "--partitions", description = "Partitions of the fresh topics (default ${DEFAULT-VALUE}).",
      defaultValue = "6")
  int partitions;

  @Option(names = "--threads", description = "Stream threads (default ${DEFAULT-VALUE}).", defaultValue = "2")
  int threads;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Longest wait for the outputs (default ${DEFAULT-VALUE}).",
      defaultValue = "900")
  int timeoutSeconds;

  @Override
  public Integer call() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(StreamsAppConfig.THREADS, String.valueOf(threads));
    ConfigSources sources = options.sources(flags);
    ConfigOptions.checkKnown(sources, StreamsAppConfig.DEFINITION, PlatformConfig.DEFINITION);
    new StreamsAppConfig(sources.lenient()); // a bad value fails here, before anything starts
    PrintWriter out = spec.commandLine().getOut();
    StreamsBenchmark.Result r;
    try (PlatformSession session = PlatformSession.open(sources)) {
      StreamsBenchmark.PairSource source = export == null
          ? StreamsBenchmark.PairSource.synthetic(pairs, imageSize, 7) : exportPairs(export);
      r = StreamsBenchmark.run(session.sources().lenient(), new StreamsBenchmark.Options(source, poison,
          partitions, Duration.ofSeconds(timeoutSeconds)));
    }
    print(out, r);
    return r.balanced() && r.samples() == r.expectedSamples() ? 0 : Main.EXIT_FAILURE;
  }

  /** The studies of an export folder, read as ingest reads them, as pairs. */
  private static StreamsBenchmark.PairSource exportPairs(Path dir) {
    return blobs -> {
      List<ImageReportPair> list = new ArrayList<>();
      for (Study s : ExportReader.read(dir)) {
        list.add(ExportPairs.pair(blobs, dir.getFileName().toString(), s.studyId(), s.image(), s.findings(),
            s.impression(), s.vqa(), s.annotations()));
      }
      return list;
    };
  }

  private void print(PrintWriter out, StreamsBenchmark.Result r) {
    double wall = seconds(r.pipeline());
    double steady = seconds(r.pipelineSteady());
    out.printf(Locale.ROOT, "mmedpo bench streams: %d pairs (%s), %d poison pills, %d partitions, "
        + "%d threads, %s, %d cores%n", r.pairsIn(), export == null ? imageSize + "x" + imageSize + " synthetic"
        : "export " + export, r.poisonIn(), partitions, r.threads(), r.guarantee(),
        Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "  samples: %d of %d expected (%d text, %d image), distinct %d; dead letters: %d %s%n",
        r.samples(), r.expectedSamples(), r.textSamples(), r.imageSamples(), r.distinctSamples(), r.deadLetters(),
        r.deadLettersByReason());
    out.printf(Locale.ROOT, "  counts in = out + dead letters: %s (%d of %d pairs complete)%n",
        r.balanced() ? "yes" : "NO", r.completePairs(), r.pairsIn());
    out.printf(Locale.ROOT, "  weights: PAPER on %d samples, mean %.4f; all weights in [%.3f, %.3f]%n",
        r.paperWeights(), r.weightMean(), r.weightMin(), r.weightMax());
    out.printf(Locale.ROOT, "  processors: %.1f s from start to last output, %.1f pairs/s; first to last output "
        + "%.1f s, %.1f pairs/s%n", wall, r.pairsIn() / wall, steady, r.pairsIn() / steady);
    double bare = seconds(r.baseline());
    double bareSteady = seconds(r.baselineSteady());
    out.printf(Locale.ROOT, "  bare consume-and-produce of the same %d records: %.1f s start to last, %.2f s "
        + "first to last%n", r.pairsIn() + r.poisonIn(), bare, bareSteady);
    out.printf(Locale.ROOT, "  ratio processors / bare: %.1fx start to last, %.1fx first to last%n",
        wall / bare, steady / Math.max(bareSteady, 1e-3));
    double threadTime = wall * r.threads();
    out.printf(Locale.ROOT, "  cost split over %d threads x %.1f s = %.1f thread-s:%n", r.threads(), wall, threadTime);
    double staged = 0;
    for (Map.Entry<StageTimings.Stage, Long> e : r.stageNanos().entrySet()) {
      double s = e.getValue() / 1e9;
      staged += s;
      out.printf(Locale.ROOT, "    %-14s %7.2f s  %5.1f%%  %6.2f ms per pair%n", e.getKey().name().toLowerCase(Locale.ROOT),
          s, 100 * s / threadTime, 1000 * s / r.pairsIn());
    }
    double rest = threadTime - staged;
    out.printf(Locale.ROOT, "    %-14s %7.2f s  %5.1f%%  (Kafka clients, transactions, serdes, state stores, startup, idle)%n",
        "kafka+other", rest, 100 * rest / threadTime);
    out.flush();
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
