package org.mmedpo.cli;

import java.io.PrintStream;
import org.mmedpo.ingest.pipeline.ProgressListener;

/** A one-line progress bar on stderr, redrawn with a carriage return at most ten times a second. */
final class ProgressBar implements ProgressListener {

  private static final int WIDTH = 30;
  private final PrintStream out;
  private final long started = System.nanoTime();
  private long lastDraw;
  private String lastPhase = "";

  ProgressBar(PrintStream out) {
    this.out = out;
  }

  @Override
  public void progress(String phase, long done, long total) {
    long now = System.nanoTime();
    boolean last = done >= total;
    if (!last && phase.equals(lastPhase) && now - lastDraw < 100_000_000L) {
      return;
    }
    if (!phase.equals(lastPhase) && !lastPhase.isEmpty()) {
      out.print('\n');
    }
    lastPhase = phase;
    lastDraw = now;
    int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
    double seconds = (now - started) / 1e9;
    out.printf("\r%-9s [%s%s] %d/%d  %.0f/s   ", phase, "#".repeat(filled), " ".repeat(WIDTH - filled),
        done, total, seconds > 0 ? done / seconds : 0.0);
    if (last && phase.equals("ingesting")) {
      out.print('\n');
    }
    out.flush();
  }
}
