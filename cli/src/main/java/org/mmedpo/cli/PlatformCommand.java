package org.mmedpo.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mmedpo.platform.EmbeddedPlatform;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.schemas.EventContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo platform}: runs the embedded Kafka broker and schema registry until stopped. */
@Command(name = "platform", mixinStandardHelpOptions = true,
    description = {"Start the embedded platform on loopback: a single-node KRaft Kafka broker and "
        + "a schema registry with a Confluent-compatible API, every topic created and every "
        + "schema registered. Runs until Ctrl-C or SIGTERM; data stays in the data folder."})
final class PlatformCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka port (default 9092).")
  Integer kafkaPort;

  @Option(names = "--registry-port", paramLabel = "PORT",
      description = "Schema registry port (default 8081).")
  Integer registryPort;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new LinkedHashMap<>();
    ConfigOptions.put(flags, PlatformConfig.KAFKA_PORT, kafkaPort);
    ConfigOptions.put(flags, PlatformConfig.REGISTRY_PORT, registryPort);
    PlatformConfig config = new PlatformConfig(options.sources(flags));
    long started = System.nanoTime();
    EmbeddedPlatform platform = EmbeddedPlatform.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      platform.close();
      stopped.countDown();
    }, "mmedpo-platform-shutdown"));

    PrintWriter out = spec.commandLine().getOut();
    out.printf("mmedpo platform is up (%.1f s)%n", (System.nanoTime() - started) / 1e9);
    out.printf("  Kafka bootstrap servers:  %s%n", platform.bootstrapServers());
    out.printf("  Schema registry (Confluent-compatible API):  %s%n", platform.registryUrl());
    out.printf("  Data folder:  %s%n", config.dataDir().toAbsolutePath());
    out.println("  Topics and value subjects:");
    for (EventContract contract : EventContract.values()) {
      String topic = config.topicPrefix() + contract.defaultName();
      String subject = EventContract.valueSubject(topic);
      out.printf("    %-28s %s (schema id %s)%n", topic, subject, platform.schemaIds().get(subject));
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return 0;
  }
}
