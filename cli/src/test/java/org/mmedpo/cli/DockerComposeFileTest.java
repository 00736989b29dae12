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
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
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
        "kafka", "registry", "minio", "topics", "ingest", "streams", "trainer", "dashboard",
        "prometheus", "grafana");
  }

  @Test
  void shouldHealthCheckTheLongRunningInfrastructure() {
    for (String name : List.of("kafka", "registry", "minio", "dashboard", "prometheus", "grafana")) {
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

  @Test
  void shouldServeTheDashboardOnEveryInterfaceWithAHealthCheckOnItsPort() {
    JsonNode dashboard = services.get("dashboard");
    assertThat(dashboard.get("command").toString()).contains("dashboard.bind.host=0.0.0.0");
    assertThat(dashboard.get("healthcheck").get("test").toString()).contains("localhost:8080/healthz");
  }

  @Test
  void shouldScrapeEveryServiceOnThePortItServesMetricsOn() throws IOException {
    JsonNode scrapes = YAML.readTree(COMPOSE.resolveSibling("prometheus").resolve("prometheus.yml").toFile())
        .get("scrape_configs");
    for (String service : List.of("ingest", "streams", "trainer")) {
      JsonNode env = services.get(service).get("environment");
      String prefix = "MMEDPO_" + service.toUpperCase(java.util.Locale.ROOT) + "_METRICS_";
      assertThat(env.get(prefix + "BIND_HOST").asText()).as(service).isEqualTo("0.0.0.0");
      JsonNode job = job(scrapes, service);
      assertThat(job.at("/dns_sd_configs/0/names/0").asText()).as(service).isEqualTo(service);
      assertThat(job.at("/dns_sd_configs/0/port").asText()).as(service)
          .isEqualTo(env.get(prefix + "PORT").asText());
    }
    // The dashboard serves /metrics on its page's port.
    assertThat(job(scrapes, "dashboard").at("/dns_sd_configs/0/port").asInt()).isEqualTo(8080);
    // Compose v1 writes volumes as "host:container:mode", v2 as objects: check both ends.
    assertThat(services.get("prometheus").get("volumes").toString())
        .contains("docker/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
  }

  private static JsonNode job(JsonNode scrapes, String name) {
    for (JsonNode job : scrapes) {
      if (job.get("job_name").asText().equals(name)) {
        return job;
      }
    }
    throw new AssertionError("Prometheus does not scrape " + name);
  }

  @Test
  void shouldProvisionGrafanaWithPrometheusAndABoardThatUsesIt() throws IOException {
    Path grafana = COMPOSE.resolveSibling("grafana");
    JsonNode grafanaService = services.get("grafana");
    assertThat(grafanaService.get("volumes").toString())
        .contains("docker/grafana/provisioning", "/etc/grafana/provisioning")
        .contains("docker/grafana/dashboards", "/var/lib/grafana/dashboards");
    assertThat(grafanaService.at("/depends_on/prometheus/condition").asText()).isEqualTo("service_healthy");

    JsonNode source = YAML.readTree(grafana.resolve("provisioning/datasources/prometheus.yml").toFile())
        .at("/datasources/0");
    assertThat(source.get("type").asText()).isEqualTo("prometheus");
    assertThat(source.get("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(services.get("prometheus").get("ports").toString()).contains("9090");
    assertThat(YAML.readTree(grafana.resolve("provisioning/dashboards/mmedpo.yml").toFile())
        .at("/providers/0/options/path").asText()).isEqualTo("/var/lib/grafana/dashboards");

    String home = grafanaService.at("/environment/GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
    Path board = grafana.resolve("dashboards").resolve(Path.of(home).getFileName());
    JsonNode panels = new ObjectMapper().readTree(board.toFile()).get("panels");
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : panels) {
      if (panel.get("type").asText().equals("row")) {
        continue;
      }
      titles.add(panel.get("title").asText());
      assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText())
          .isEqualTo(source.get("uid").asText());
      assertThat(panel.at("/targets/0/expr").asText()).as(panel.get("title").asText()).isNotBlank();
    }
    assertThat(titles).contains("Ingest rate", "Consumer lag by group", "Dead letters by reason",
        "Training loss", "Reward margin and weighted margin", "Reward accuracy");
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
