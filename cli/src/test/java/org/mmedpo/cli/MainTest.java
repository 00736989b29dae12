package org.mmedpo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class MainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void shouldListEveryCommandInTheTopLevelHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("platform", "topics", "dashboard", "bench");
  }

  @Test
  void shouldGiveHelpForEverySubcommand() {
    CommandLine cli = new CommandLine(new Main());
    for (String name : cli.getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      StringWriter help = new StringWriter();
      int code = Main.run(new String[] {name, "--help"}, new PrintWriter(help, true), new PrintWriter(err, true));
      assertThat(code).as(name).isZero();
      assertThat(help.toString()).as(name).contains("Usage: mmedpo " + name);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"platform --kafka-prot 1", "platform --kafka-port nine", "nosuchcommand"})
  void shouldAnswerABadFlagWithOneLineAndExitCodeTwo(String line) {
    assertThat(run(line.split(" "))).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString().strip()).startsWith("mmedpo: ").doesNotContain("\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldAnswerABadSettingWithOneLineAndExitCodeTwo() {
    assertThat(run("platform", "--set", "topic.partitions=many")).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString().strip())
        .isEqualTo("mmedpo: configuration error: Invalid value many for configuration topic.partitions: Not a number of type INT");
  }

  @Test
  void shouldRefuseABadDashboardSettingBeforeStartingAnything() {
    assertThat(run("dashboard", "--port", "99999")).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString().strip()).startsWith("mmedpo: configuration error: ")
        .contains("dashboard.port");
    err.getBuffer().setLength(0);
    assertThat(run("dashboard", "--set", "dashboard.no.such=1")).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString().strip()).isEqualTo("mmedpo: configuration error: unknown setting 'dashboard.no.such'");
    err.getBuffer().setLength(0);
    assertThat(run("dashboard", "--set", "platform.kafka.port=0")).as("a platform setting is known")
        .isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString()).contains("platform.kafka.port").doesNotContain("unknown setting");
  }

  @Test
  void shouldAnswerAnUnknownSettingWithOneLineAndExitCodeTwo() {
    assertThat(run("topics", "--set", "no.such.key=1")).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString().strip()).isEqualTo("mmedpo: configuration error: unknown setting 'no.such.key'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "demo", "experiment", "streams", "ingest --from ."})
  void shouldRefuseAnUnknownSettingOfEveryLongRunningCommandBeforeStartingAnything(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of("--set", "trainer.no.such=1"));
    assertThat(run(args.toArray(String[]::new))).isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString().strip())
        .isEqualTo("mmedpo: configuration error: unknown setting 'trainer.no.such'");
  }
}
