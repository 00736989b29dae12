package org.mmedpo.cli.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The demo's progress in the terminal: one line per stage with a bar (or a count when the total is
 * unknown) and a short state. On a terminal the lines are redrawn in place; otherwise (a log, CI)
 * a compact summary line is printed every ten seconds.
 */
final class StageBoard implements AutoCloseable {

  /** What a stage shows: done out of total (total below 1 means unknown), and a note. */
  record Progress(long done, long total, String note) {
    static Progress of(long done, long total, String note) {
      return new Progress(done, total, note);
    }
  }

  private record Stage(String name, Supplier<Progress> progress) {}

  private static final int BAR = 28;

  private final PrintStream out;
  private final boolean terminal;
  private final List<Stage> stages = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private int drawnLines;
  private long lastPlain;

  StageBoard(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
    this.thread = new Thread(this::loop, "demo-board");
    this.thread.setDaemon(true);
  }

  synchronized StageBoard add(String name, Supplier<Progress> progress) {
    stages.add(new Stage(name, progress));
    return this;
  }

  void start() {
    thread.start();
  }

  /** Prints a message above the board. */
  synchronized void say(String message) {
    erase();
    out.println(message);
    draw();
  }

  private void loop() {
    while (running) {
      synchronized (this) {
        if (terminal) {
          erase();
          draw();
        } else if (System.nanoTime() - lastPlain > 10_000_000_000L) {
          lastPlain = System.nanoTime();
          out.println(plainLine());
        }
      }
      try {
        Thread.sleep(terminal ? 500 : 1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void erase() {
    if (terminal && drawnLines > 0) {
      out.print("\033[" + drawnLines + "F\033[J");
      drawnLines = 0;
    }
  }

  private void draw() {
    if (!terminal) {
      return;
    }
    for (Stage stage : stages) {
      out.println(line(stage.name(), safe(stage)));
      drawnLines++;
    }
    out.flush();
  }

  private String plainLine() {
    StringBuilder line = new StringBuilder("demo:");
    for (Stage stage : stages) {
      Progress p = safe(stage);
      line.append(' ').append(stage.name()).append(' ').append(p.done())
          .append(p.total() > 0 ? "/" + p.total() : "").append(';');
    }
    return line.toString();
  }

  static String line(String name, Progress p) {
    String count = p.total() > 0 ? p.done() + "/" + p.total() : String.valueOf(p.done());
    String bar;
    if (p.total() > 0) {
      int filled = (int) Math.min(BAR, BAR * p.done() / p.total());
      bar = "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "]";
    } else {
      bar = "[" + " ".repeat(BAR) + "]";
    }
    return String.format(Locale.ROOT, "  %-10s %s %11s  %s", name, bar, count, p.note());
  }

  private static Progress safe(Stage stage) {
    try {
      return stage.progress().get();
    } catch (RuntimeException e) {
      return Progress.of(0, 0, "(" + e.getMessage() + ")");
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    thread.interrupt();
    if (terminal) {
      erase();
      draw();
    } else {
      out.println(plainLine());
    }
  }
}
