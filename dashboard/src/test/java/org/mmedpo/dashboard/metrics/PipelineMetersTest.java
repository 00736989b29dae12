package org.mmedpo.dashboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.dashboard.PipelineEvents;
import org.mmedpo.dashboard.PipelineEvents.PairEvents;
import org.mmedpo.dashboard.view.ClusterView;
import org.mmedpo.dashboard.view.ClusterView.GroupLag;
import org.mmedpo.dashboard.view.ClusterView.TopicLag;
import org.mmedpo.dashboard.view.PipelineView;
import org.mmedpo.events.TrainingMetrics;
import org.mmedpo.schemas.EventContract;

class PipelineMetersTest {

  /** The Grafana board of docker/compose.yaml. */
  static final Path BOARD = Path.of("..", "docker", "grafana", "dashboards", "mmedpo.json");

  @TempDir Path temp;
  ServiceMetrics metrics;
  PipelineView pipeline;
  ClusterView cluster;
  PipelineMeters meters;

  @BeforeEach
  void setUp() {
    metrics = ServiceMetrics.unserved("dashboard");
    pipeline = new PipelineView(10, 1_000, 1_000);
    cluster = new ClusterView(List.of("mmedpo.pairs.v1", "mmedpo.preferences.v1"));
    meters = new PipelineMeters(metrics.registry(), pipeline, cluster);
  }

  @AfterEach
  void tearDown() {
    metrics.close();
  }

  private void feedEverything() {
    PipelineEvents events = new PipelineEvents(new LocalBlobStore(temp));
    PairEvents pair = events.pair(1);
    pair.variants().forEach(v -> pipeline.accept(EventContract.VARIANTS, v.getVariantId(), v));
    pair.samples().forEach(s -> pipeline.accept(EventContract.PREFERENCES, s.getSampleId(), s));
    for (TrainingMetrics m : events.metrics("run-7", 1, 12)) {
      pipeline.accept(EventContract.TRAINER_METRICS, "run-7", m);
    }
    pipeline.accept(EventContract.MODEL_VERSIONS, "v0", events.version(0));
    pipeline.accept(EventContract.MODEL_VERSIONS, "v1", events.version(1));
    pipeline.accept(EventContract.DLQ, null, PipelineEvents.letter("ingest", "no pixel data", "a.dcm"));
    cluster.update(1_000, Map.of("mmedpo.pairs.v1", 40L, "mmedpo.preferences.v1", 12L),
        List.of(new GroupLag("mmedpo-trainer", "Stable", 5, List.of(new TopicLag("mmedpo.preferences.v1", 5, 3)))));
  }

  @Test
  void shouldExportWhatTheViewsHoldForPrometheus() {
    feedEverything();
    meters.refresh();
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("mmedpo_topic_records_total{service=\"dashboard\",topic=\"mmedpo.pairs.v1\"} 40.0")
        .contains("mmedpo_consumer_group_lag{group=\"mmedpo-trainer\",service=\"dashboard\",topic=\"mmedpo.preferences.v1\"} 5.0")
        .contains("mmedpo_dead_letters_total{reason=\"no pixel data\",service=\"dashboard\"} 1.0")
        .contains("mmedpo_samples_total{kind=\"LESION_NEGLECT\",service=\"dashboard\"} 1.0")
        .contains("mmedpo_training_step{run=\"run-7\",service=\"dashboard\"} 12.0")
        .contains("mmedpo_model_versions{service=\"dashboard\"} 2.0")
        .contains("mmedpo_model_evaluation{metric=\"closed_accuracy\",service=\"dashboard\",version=\"v1\"} 0.55");
  }

  @Test
  void shouldFollowTheViewsAtEachRefresh() {
    feedEverything();
    meters.refresh();
    cluster.update(3_000, Map.of("mmedpo.pairs.v1", 55L, "mmedpo.preferences.v1", 12L), List.of());
    meters.refresh();
    String scrape = metrics.scrape();
    assertThat(scrape).contains("mmedpo_topic_records_total{service=\"dashboard\",topic=\"mmedpo.pairs.v1\"} 55.0")
        .doesNotContain("mmedpo_consumer_group_lag{");
  }

  @Test
  void shouldExportEveryMmedpoSeriesTheGrafanaBoardQueries() throws IOException {
    feedEverything();
    meters.refresh();
    String scrape = metrics.scrape();
    Set<String> queried = new TreeSet<>();
    Matcher names = Pattern.compile("mmedpo_[a-z_]+").matcher(Files.readString(BOARD));
    while (names.find()) {
      queried.add(names.group());
    }
    assertThat(queried).isNotEmpty();
    for (String name : queried) {
      assertThat(scrape).as("the board queries %s", name).containsPattern("(?m)^" + name + "[{ ]");
    }
  }
}
