package org.mmedpo.trainer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process from /proc/self/status (Linux), in MiB; -1 elsewhere. */
public final class ResidentMemory {

  private ResidentMemory() {}

  /** Current resident set size (VmRSS). */
  public static double currentMiB() {
    return field("VmRSS:");
  }

  /** Peak resident set size (VmHWM). */
  public static double peakMiB() {
    return field("VmHWM:");
  }

  private static double field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
