package org.mmedpo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mmedpo.ingest.synth.SyntheticExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo synth}: writes a synthetic PACS export (no Kafka needed). */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = {"Write a synthetic PACS export: per study a DICOM chest radiograph with planted "
        + "fake patient data, its report (text or FHIR) and a ground-truth sidecar with masks "
        + "and Med-VQA items. Deterministic for a seed."})
final class SynthCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--studies", required = true, paramLabel = "N", description = "Number of studies.")
  int studies;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Output folder (must not exist or be empty).")
  Path out;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--size", paramLabel = "PIXELS", defaultValue = "512",
      description = "Image width and height (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    SyntheticExport.Result result = new SyntheticExport().write(out, studies, seed, size, workers);
    long normal = result.plans().stream().filter(p -> p.normal()).count();
    PrintWriter w = spec.commandLine().getOut();
    w.printf("wrote %d studies (%d normal) of %dx%d to %s in %.1f s (%.1f studies/s)%n",
        studies, normal, size, size, out.toAbsolutePath(), result.seconds(), studies / result.seconds());
    w.flush();
    return 0;
  }
}
