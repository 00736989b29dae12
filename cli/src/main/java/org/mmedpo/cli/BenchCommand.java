package org.mmedpo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mmedpo bench <stage>}: benchmarks that print figures (throughput, ratios measured in the
 * same run, memory). Speed targets are checked here, never in timed unit tests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark and print its figures.",
    subcommands = {BenchSynthCommand.class, BenchIngestCommand.class, BenchStreamsCommand.class,
        BenchTrainerCommand.class, BenchTrainerStreamCommand.class, BenchModelPartsCommand.class})
final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
