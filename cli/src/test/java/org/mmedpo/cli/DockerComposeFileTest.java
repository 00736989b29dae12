package org.mmedpo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compose file of the distributed shape must pass {@code docker compose config} (the Docker
 * client validates it without an engine) and wire what the README promises. In CI ({@code CI=true})
 * a missing compose client is a failure, not a skip.
 */
class DockerComposeFileTest {

  private static final Path COMPOSE = Path.of("..", "docker", "compose.yaml");
  private static JsonNode services;
  private static String normalized;

  @BeforeAll
  static void validate() throws Exception {
    List<String> client = composeClient();
    if (client == null) {
      assumeTrue(!"true".equals(System.getenv("CI")), "CI must have a docker compose client");
      assumeTrue(false, "no docker compose client on this machine");
    }
    List<String> command = new ArrayList<>(client);
    command.addAll(List.of("-f", COMPOSE.toString(), "config"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    normalized = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(normalized).isZero();
    services = new ObjectMapper(new YAMLFactory()).readTree(normalized).get("services");
  }

  @Test
  void shouldRunEveryPartOfTheDistributedShape() {
    assertThat(services.fieldNames()).toIterable().contains(
        "kafka", "registry", "minio", "topics", "ingest", "streams", "trainer", "dashboard");
  }

  @Test
  void shouldHealthCheckTheLongRunningInfrastructure() {
    for (String name : List.of("kafka", "registry", "minio", "dashboard")) {
      assertThat(services.get(name).has("healthcheck")).as(name).isTrue();
    }
  }

  @Test
  void shouldCreateTopicsBeforeThePipelineStarts() {
    assertThat(services.get("topics").get("command").toString()).contains("topics", "--create");
    for (String name : List.of("ingest", "streams", "trainer", "dashboard")) {
      assertThat(services.get(name).get("depends_on").get("topics").get("condition").asText())
          .as(name).isEqualTo("service_completed_successfully");
    }
  }

  @Test
  void shouldReserveAGpuForTheTrainer() {
    JsonNode devices = services.get("trainer").at("/deploy/resources/reservations/devices/0");
    assertThat(devices.get("driver").asText()).isEqualTo("nvidia");
    assertThat(devices.get("capabilities").toString()).contains("gpu");
  }

  @Test
  void shouldPointEveryServiceAtTheClusterNotTheEmbeddedPlatform() {
    for (String name : List.of("ingest", "streams", "trainer", "dashboard", "topics")) {
      JsonNode env = services.get(name).get("environment");
      assertThat(env.get("MMEDPO_BOOTSTRAP_SERVERS").asText()).as(name).isEqualTo("kafka:9092");
      assertThat(env.get("MMEDPO_PLATFORM_MODE").asText()).as(name).isEqualTo("external");
      assertThat(env.get("MMEDPO_SCHEMA_REGISTRY_URL").asText()).as(name).endsWith("/apis/ccompat/v7");
    }
  }

  /** {@code docker compose} (v2 plugin) when present, else Debian's {@code docker-compose}. */
  private static List<String> composeClient() throws IOException, InterruptedException {
    for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
      List<String> version = new ArrayList<>(candidate);
      version.add("version");
      try {
        Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException e) {
        // not installed
      }
    }
    return null;
  }

}
