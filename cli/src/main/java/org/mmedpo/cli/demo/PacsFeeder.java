package org.mmedpo.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Plays a PACS that exports studies over time: copies the study folders of a finished export into
 * the watched drop folder at a steady rate. Each study is copied under a hidden name and renamed
 * into place, so the watcher sees a study appear whole. Studies already in the drop folder (from
 * an earlier run) are counted and skipped.
 */
final class PacsFeeder implements Runnable {

  private final Path export;
  private final Path drop;
  private final long intervalNanos;
  private final AtomicBoolean stop;
  private final AtomicInteger delivered = new AtomicInteger();
  private final List<Path> studies;

  /**
   * @param spreadSeconds time over which all studies are delivered
   */
  PacsFeeder(Path export, Path drop, int spreadSeconds, AtomicBoolean stop) {
    this.export = export;
    this.drop = drop;
    this.stop = stop;
    try (Stream<Path> list = Files.list(export)) {
      this.studies = list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + export, e);
    }
    this.intervalNanos = studies.isEmpty() ? 0
        : (long) (spreadSeconds * 1e9 / studies.size());
  }

  int total() {
    return studies.size();
  }

  int delivered() {
    return delivered.get();
  }

  @Override
  public void run() {
    try {
      Files.createDirectories(drop);
      long next = System.nanoTime();
      for (Path study : studies) {
        if (stop.get()) {
          return;
        }
        Path target = drop.resolve(study.getFileName().toString());
        if (!Files.exists(target)) {
          long wait = next - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          next = Math.max(next, System.nanoTime()) + intervalNanos;
          deliver(study, target);
        }
        delivered.incrementAndGet();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot feed studies into " + drop, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliver(Path study, Path target) throws IOException {
    Path hidden = drop.resolve("." + study.getFileName() + ".partial");
    if (Files.exists(hidden)) {
      try (Stream<Path> old = Files.list(hidden)) {
        for (Path file : old.toList()) {
          Files.delete(file);
        }
      }
    }
    Files.createDirectories(hidden);
    try (Stream<Path> files = Files.list(study)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, hidden.resolve(file.getFileName().toString()));
      }
    }
    Files.move(hidden, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
