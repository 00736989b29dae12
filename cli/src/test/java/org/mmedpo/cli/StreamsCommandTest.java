package org.mmedpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StreamsCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void shouldRefuseABadSettingBeforeStartingAnything() {
    assertThat(run("streams", "--set", "weight.scheme=LINEAR")).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString().strip()).startsWith("mmedpo: configuration error: Invalid value LINEAR")
        .doesNotContain("\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldRefuseAnUnknownSetting() {
    assertThat(run("streams", "--set", "hallucinater=llm")).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString().strip()).isEqualTo("mmedpo: configuration error: unknown setting 'hallucinater'");
  }

  @Test
  void shouldRefuseAnInconsistentBenchSetting() {
    assertThat(run("bench", "streams", "--set", "processors.record.deadline.ms=200000")).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString()).contains("processors.max.poll.interval.ms");
  }

  @Test
  void shouldAcceptPlatformSettingsAlongsideProcessorSettings() {
    // A platform key passes the flag check; the bad noise step then fails validation, still before
    // any platform starts.
    assertThat(run("streams", "--set", "platform.kafka.port=19092", "--set", "noise.step=5000"))
        .isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString()).contains("noise.step").doesNotContain("unknown setting");
  }
}
