package org.mmedpo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.pipeline.FolderWatcher;
import org.mmedpo.ingest.pipeline.IngestRuntime;
import org.mmedpo.ingest.pipeline.IngestSummary;
import org.mmedpo.ingest.pipeline.ProgressListener;
import org.mmedpo.ingest.stow.StowServer;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.platform.PlatformSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo ingest}: reads a PACS export (once, or watching it), and/or serves STOW-RS. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Ingest a PACS export folder: read DICOM and reports, pair them, de-identify, "
        + "store pixels in the blob store and publish ImageReportPair events; whatever cannot be "
        + "ingested goes to the dead-letter topic. Idempotent: files already ingested publish "
        + "nothing.",
        "With --watch, keep ingesting files as they land (Ctrl-C stops). With --stow, also serve "
            + "DICOMweb STOW-RS (POST /studies) on loopback."})
final class IngestCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--from", paramLabel = "DIR", description = "The export folder.")
  Path from;

  @Option(names = "--watch", description = "Keep watching the folder for new files.")
  boolean watch;

  @Option(names = "--stow", description = "Serve STOW-RS (POST /studies) until stopped.")
  boolean stow;

  @Option(names = "--stow-port", paramLabel = "PORT", description = "STOW-RS port (default 8104).")
  Integer stowPort;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    if (from == null && !stow) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --from DIR, --stow, or both");
    }
    if (watch && from == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--watch needs --from DIR");
    }
    Map<String, String> flags = new LinkedHashMap<>();
    ConfigOptions.put(flags, IngestConfig.STOW_PORT, stowPort);
    PrintWriter out = spec.commandLine().getOut();
    ConfigOptions.checkKnown(options.sources(flags), IngestConfig.DEFINITION, PlatformConfig.DEFINITION);
    try (PlatformSession session = PlatformSession.open(options.sources(flags))) {
      IngestConfig config = new IngestConfig(session.sources().lenient());
      try (IngestRuntime runtime = IngestRuntime.open(config)) {
        if (!watch && !stow) {
          ProgressListener progress = noProgress ? ProgressListener.NONE : new ProgressBar(System.err);
          IngestSummary summary = runtime.ingestor().ingestFolder(from, progress);
          printSummary(out, summary);
          return 0;
        }
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          stop.set(true);
          main.interrupt();
          try {
            stopped.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "mmedpo-ingest-shutdown"));
        StowServer server = null;
        ServiceMetrics metrics = ServiceMetrics.start(config, "ingest");
        try {
          if (stow) {
            server = StowServer.start(config, runtime.ingestor(), runtime.sink());
            out.printf("STOW-RS: POST %s/studies%n", server.baseUrl());
            out.flush();
          }
          if (watch) {
            FolderWatcher watcher = new FolderWatcher(config, runtime.ingestor(), from);
            try {
              watcher.run(stop);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            printSummary(out, watcher.summary());
          } else {
            try {
              while (!stop.get()) {
                Thread.sleep(1000);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        } finally {
          if (server != null) {
            server.close();
            printSummary(out, server.summary());
          }
          metrics.close();
          stopped.countDown();
        }
      }
    }
    return 0;
  }

  static void printSummary(PrintWriter out, IngestSummary summary) {
    out.println("ingest summary: " + summary);
    summary.deadByReason().forEach((reason, count) -> out.printf("  dead-lettered %5d  %s%n", count, reason));
    out.flush();
  }
}
