package org.mmedpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What the tests that run {@code mmedpo} as a process share: loopback ports and its log. */
final class CliProcesses {

  private CliProcesses() {}

  /** A loopback port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** Whether something accepts connections on the loopback {@code port}. */
  static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits until {@code log} (the process's redirected output) contains {@code text}; fails when
   * the process exits first or {@code timeout} passes.
   */
  static void awaitOutput(Process process, Path log, String text, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
      assertThat(process.isAlive()).as(Files.readString(log, StandardCharsets.UTF_8)).isTrue();
      assertThat(System.nanoTime()).as("no \"%s\" within %s", text, timeout).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
