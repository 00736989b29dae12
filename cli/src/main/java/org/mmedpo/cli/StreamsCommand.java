package org.mmedpo.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.platform.PlatformSession;
import org.mmedpo.streams.StreamsApp;
import org.mmedpo.streams.StreamsAppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo streams}: runs the stream processors until stopped. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = {"Run the stream processors: image-report pairs in, text and image dispreferred "
        + "variants, clinical scores and weighted preference samples out; bad records to the "
        + "dead-letter topic. Exactly-once by default. Runs until Ctrl-C or SIGTERM.",
        "Start more processes with the same configuration to scale out, up to one task per partition."})
final class StreamsCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--threads", paramLabel = "N", description = "Stream threads (default 1).")
  Integer threads;

  @Option(names = "--exit-when-idle", paramLabel = "SECONDS",
      description = "Stop once no record has been processed for this long (for scripted runs).")
  Integer exitWhenIdle;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new LinkedHashMap<>();
    ConfigOptions.put(flags, StreamsAppConfig.THREADS, threads);
    ConfigSources sources = options.sources(flags);
    ConfigOptions.checkKnown(sources, StreamsAppConfig.DEFINITION, PlatformConfig.DEFINITION);
    new StreamsAppConfig(sources.lenient()); // a bad value fails here, before anything starts
    PrintWriter out = spec.commandLine().getOut();
    // On Ctrl-C or SIGTERM the hook asks the loop below to stop, then holds the JVM until the
    // processors and the platform have closed (at most a minute).
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        closed.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "mmedpo-streams-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (PlatformSession session = PlatformSession.open(sources)) {
      StreamsAppConfig config = new StreamsAppConfig(session.sources().lenient());
      try (ServiceMetrics metrics = ServiceMetrics.start(config, "streams");
          StreamsApp app = StreamsApp.start(config, Duration.ofMinutes(2))) {
        metrics.bind(new KafkaStreamsMetrics(app.streams()));
        out.printf("mmedpo streams is running (application %s, %d thread(s), %s)%n", config.applicationId(),
            config.threads(), config.processingGuarantee());
        out.printf("  hallucinator: %s; judges: %s; localizers: %s; noise: %s; weights: %s%n",
            config.hallucinator(), config.judges(), config.localizers(), config.noiseMode().wireName(),
            config.weightScheme());
        out.flush();
        if (exitWhenIdle != null) {
          app.awaitIdle(Duration.ofSeconds(exitWhenIdle));
          out.printf("no record for %d s: stopping (%d records processed)%n", exitWhenIdle,
              (long) app.processedRecords());
        } else {
          while (!stop.await(1, TimeUnit.SECONDS)) {
            if (!app.streams().state().isRunningOrRebalancing()) {
              out.printf("stream processors stopped (state %s)%n", app.streams().state());
              return Main.EXIT_FAILURE;
            }
          }
        }
      }
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
    return 0;
  }
}
