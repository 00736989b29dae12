package org.mmedpo.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mmedpo.ingest.synth.SyntheticExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo bench synth}: how fast the synthetic export is written. Target: 1,000 studies of 512x512 in under 30 s on 2 cores. */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Write a synthetic export into a temporary folder and print studies/s.")
final class BenchSynthCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--studies", defaultValue = "1000", description = "Studies (default ${DEFAULT-VALUE}).")
  int studies;

  @Option(names = "--size", defaultValue = "512", description = "Image size (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--threads", description = "Worker threads (default: the cores).")
  Integer threads;

  @Option(names = "--keep", description = "Keep the written export and print where it is.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    Path dir = Files.createTempDirectory("mmedpo-bench-synth");
    PrintWriter out = spec.commandLine().getOut();
    try {
      SyntheticExport.Result result = new SyntheticExport().write(dir.resolve("export"), studies, 1, size, workers);
      out.printf("bench synth: %d studies of %dx%d on %d threads (%d cores) in %.2f s = %.1f studies/s%n",
          studies, size, size, workers, Runtime.getRuntime().availableProcessors(), result.seconds(),
          studies / result.seconds());
      if (keep) {
        out.println("export kept in " + dir.resolve("export"));
      }
    } finally {
      if (!keep) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    out.flush();
    return 0;
  }
}
