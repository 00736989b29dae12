package org.mmedpo.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry, Apicurio Registry (built by the {@code registry-server} module), run as
 * a child process on loopback, with its database in a folder so that schema ids survive a
 * restart. It serves the Confluent-compatible API at {@code /apis/ccompat/v7}.
 */
public final class EmbeddedRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistry.class);
  /** The path of the Confluent-compatible API on an Apicurio registry. */
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  private final Process process;
  private final String url;

  private EmbeddedRegistry(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** Launches the registry; call {@link #awaitReady} before using it. */
  public static EmbeddedRegistry launch(Path runnerJar, String host, int port, Path dataDir,
      String heap) {
    if (!Files.isRegularFile(runnerJar)) {
      throw new IllegalStateException("schema registry jar not found at " + runnerJar
          + "; build it with: mvn -q -pl registry-server package (./mmedpo does this)");
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir, e);
    }
    Path db = dataDir.toAbsolutePath().resolve("registry");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1"); // C1 only: a faster start for a light workload
    command.add("-Dquarkus.http.host=" + host);
    command.add("-Dquarkus.http.port=" + port);
    // WRITE_DELAY=0: H2 otherwise flushes commits up to 0.5 s late, and a registration lost to a
    // crash would hand its id to another schema while events in Kafka still carry it.
    command.add("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + db + ";WRITE_DELAY=0");
    command.add("-Dmmedpo.parent.pid=" + ProcessHandle.current().pid());
    command.add("-jar");
    command.add(runnerJar.toAbsolutePath().toString());
    Path log = dataDir.resolve("registry.log");
    try {
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      return new EmbeddedRegistry(process, "http://localhost:" + port + CCOMPAT_PATH);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the schema registry: " + e.getMessage(), e);
    }
  }

  /** Waits until the registry answers its subject listing, or fails with the reason. */
  public EmbeddedRegistry awaitReady(Duration timeout, Path logFile) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the schema registry exited with code "
            + process.exitValue() + " during start-up; see " + logFile);
      }
      try {
        HttpResponse<Void> response = http.send(
            HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          LOG.info("schema registry up at {}", url);
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the schema registry", e);
      }
      sleep(100);
    }
    close();
    throw new IllegalStateException("the schema registry did not answer within "
        + timeout.toSeconds() + " s; see " + logFile);
  }

  /** The Confluent-compatible API root. */
  public String url() {
    return url;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    LOG.info("schema registry stopped");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
