package org.mmedpo.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.dashboard.Dashboard;
import org.mmedpo.dashboard.DashboardConfig;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.platform.PlatformSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo dashboard}: serves the live dashboard until stopped. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = {"Serve the live dashboard (default http://127.0.0.1:8080/): ingest rates, "
        + "consumer lag, dead letters, score and weight histograms, training curves, model "
        + "versions and a preference-pair browser, updated as events arrive. Prometheus metrics "
        + "at /metrics. Runs until Ctrl-C or SIGTERM; it never commits consumer offsets."})
final class DashboardCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", description = "Port of the page (default 8080).")
  Integer port;

  @Option(names = "--bind-host", paramLabel = "ADDRESS",
      description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).")
  String bindHost;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new LinkedHashMap<>();
    ConfigOptions.put(flags, DashboardConfig.PORT, port);
    ConfigOptions.put(flags, DashboardConfig.BIND_HOST, bindHost);
    ConfigSources sources = options.sources(flags);
    // Settings of the embedded platform (ports, data) are welcome too: the session starts it.
    ConfigOptions.checkKnown(sources, DashboardConfig.DEFINITION, PlatformConfig.DEFINITION);
    DashboardConfig checked = new DashboardConfig(sources.lenient());
    new PlatformConfig(sources.lenient());
    PlatformSession session = PlatformSession.open(checked);
    DashboardConfig config = new DashboardConfig(session.sources());
    Dashboard dashboard;
    try {
      dashboard = Dashboard.start(config);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dashboard.close();
      session.close();
      stopped.countDown();
    }, "mmedpo-dashboard-shutdown"));

    PrintWriter out = spec.commandLine().getOut();
    out.printf("mmedpo dashboard at %s%n", dashboard.url());
    out.printf("  Prometheus metrics:  %smetrics%n", dashboard.url());
    out.printf("  Kafka:  %s%s%n", config.bootstrapServers(),
        session.isEmbedded() ? " (embedded platform, started for this command)" : "");
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return 0;
  }
}
