package org.mmedpo.cli;

import java.io.PrintWriter;
import org.apache.kafka.common.config.ConfigException;
import org.mmedpo.platform.PortInUseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of {@code ./mmedpo}. */
@Command(name = "mmedpo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Continuous clinical-aware preference optimization (MMedPO) on Kafka.",
    subcommands = {PlatformCommand.class, TopicsCommand.class, SynthCommand.class, IngestCommand.class,
        StreamsCommand.class, TrainCommand.class, EvalCommand.class, DemoCommand.class,
        ExperimentCommand.class,
        ImportMmedpoCommand.class,
        ExportMmedpoCommand.class, DashboardCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Exit code of a usage or configuration error. */
  public static final int EXIT_USAGE = 2;
  /** Exit code of a failure while running. */
  public static final int EXIT_FAILURE = 1;

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns its exit code; used by {@link #main} and by tests. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, arguments) -> {
      CommandLine command = ex.getCommandLine();
      err.println("mmedpo: " + ex.getMessage() + " (see '" + command.getCommandSpec().qualifiedName()
          + " --help')");
      return EXIT_USAGE;
    });
    cli.setExecutionExceptionHandler((ex, command, parseResult) -> {
      if (ex instanceof ConfigException) {
        err.println("mmedpo: configuration error: " + ex.getMessage());
        return EXIT_USAGE;
      }
      if (ex instanceof PortInUseException) {
        err.println("mmedpo: " + ex.getMessage());
        return EXIT_FAILURE;
      }
      LOG.debug("command failed", ex);
      err.println("mmedpo: " + ex.getMessage());
      return EXIT_FAILURE;
    });
    return cli.execute(args);
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"mmedpo " + (version == null ? "development" : version)};
    }
  }
}
