package org.mmedpo.dashboard.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.mmedpo.dashboard.view.ClusterView;
import org.mmedpo.dashboard.view.PipelineView;
import org.mmedpo.dashboard.view.PipelineView.CurvePoint;
import org.mmedpo.dashboard.view.PipelineView.Run;
import org.mmedpo.dashboard.view.PipelineView.VersionSummary;

/**
 * Prometheus meters over the dashboard's views, brought up to date by {@link #refresh()} just
 * before each scrape. Names (as Prometheus shows them):
 *
 * <ul>
 *   <li>{@code mmedpo_topic_records_total{topic}}: records appended (sum of end offsets); its
 *       {@code rate()} is the ingest rate in records/s</li>
 *   <li>{@code mmedpo_consumer_group_lag{group,topic}}: records behind</li>
 *   <li>{@code mmedpo_dead_letters_total{reason}}: dead letters read, by DeadLetter.reason</li>
 *   <li>{@code mmedpo_variants_total{kind}}, {@code mmedpo_samples_total{kind}}: events read by
 *       dispreference kind</li>
 *   <li>{@code mmedpo_training_loss{run}}, {@code mmedpo_training_reward_margin{run}},
 *       {@code mmedpo_training_reward_accuracy{run}}, {@code mmedpo_training_weighted_margin{run}},
 *       {@code mmedpo_training_step{run}}: the latest TrainingMetrics of each run</li>
 *   <li>{@code mmedpo_model_versions}: versions published;
 *       {@code mmedpo_model_evaluation{version,metric}}: evaluation of the latest version</li>
 * </ul>
 *
 * Counters over event counts cover what the dashboard read (its replay window), like the page.
 */
public final class PipelineMeters {

  private final MeterRegistry registry;
  private final PipelineView pipeline;
  private final ClusterView cluster;
  private final Map<String, Long> topicRecords = new ConcurrentHashMap<>();
  private final Map<String, Long> deadLetters = new ConcurrentHashMap<>();
  private final Map<String, Long> variants = new ConcurrentHashMap<>();
  private final Map<String, Long> samples = new ConcurrentHashMap<>();
  private final MultiGauge lag;
  private final MultiGauge loss;
  private final MultiGauge margin;
  private final MultiGauge accuracy;
  private final MultiGauge weightedMargin;
  private final MultiGauge step;
  private final MultiGauge evaluation;
  private volatile int versions;

  public PipelineMeters(MeterRegistry registry, PipelineView pipeline, ClusterView cluster) {
    this.registry = registry;
    this.pipeline = pipeline;
    this.cluster = cluster;
    lag = MultiGauge.builder("mmedpo.consumer.group.lag")
        .description("Records a consumer group is behind the end of a topic").register(registry);
    loss = curve("mmedpo.training.loss", "Latest weighted DPO loss of a training run");
    margin = curve("mmedpo.training.reward.margin", "Latest reward margin of a training run");
    accuracy = curve("mmedpo.training.reward.accuracy", "Latest reward accuracy of a training run");
    weightedMargin = curve("mmedpo.training.weighted.margin", "Latest weighted margin of a training run");
    step = curve("mmedpo.training.step", "Latest step of a training run");
    evaluation = MultiGauge.builder("mmedpo.model.evaluation")
        .description("Evaluation metrics of the latest model version").register(registry);
    Gauge.builder("mmedpo.model.versions", this, m -> m.versions)
        .description("Model versions published").register(registry);
  }

  private MultiGauge curve(String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }

  /** Brings every meter up to date with the views. */
  public synchronized void refresh() {
    ClusterView.Snapshot c = cluster.snapshot();
    for (ClusterView.TopicStats topic : c.topics()) {
      if (topic.records() != null) {
        counter(topicRecords, "mmedpo.topic.records", "topic", topic.topic(),
            "Records appended to a topic (sum of its partitions' end offsets)", topic.records());
      }
    }
    List<MultiGauge.Row<?>> lags = new ArrayList<>();
    for (ClusterView.GroupLag group : c.groups()) {
      for (ClusterView.TopicLag topic : group.topics()) {
        lags.add(MultiGauge.Row.of(Tags.of("group", group.group(), "topic", topic.topic()), topic.lag()));
      }
    }
    lag.register(lags, true);

    PipelineView.Snapshot p = pipeline.snapshot();
    p.deadLetters().byReason().forEach(count -> counter(deadLetters, "mmedpo.dead.letters", "reason",
        count.name(), "Dead letters read from the DLQ topic, by reason", count.count()));
    p.variantKinds().forEach((kind, count) -> counter(variants, "mmedpo.variants", "kind", kind,
        "Dispreferred variants read, by kind", count));
    p.sampleKinds().forEach((kind, count) -> counter(samples, "mmedpo.samples", "kind", kind,
        "Preference samples read, by kind", count));

    loss.register(latest(p.training(), CurvePoint::loss), true);
    margin.register(latest(p.training(), CurvePoint::rewardsMargins), true);
    accuracy.register(latest(p.training(), CurvePoint::rewardsAccuracies), true);
    weightedMargin.register(latest(p.training(), CurvePoint::weightedMargin), true);
    step.register(latest(p.training(), point -> (double) point.step()), true);

    versions = p.versions().size();
    List<MultiGauge.Row<?>> scores = new ArrayList<>();
    if (!p.versions().isEmpty()) {
      VersionSummary newest = p.versions().get(p.versions().size() - 1);
      newest.evaluation().forEach((metric, value) -> scores.add(
          MultiGauge.Row.of(Tags.of("version", newest.version(), "metric", metric), value)));
    }
    evaluation.register(scores, true);
  }

  /** Sets a counter's value from the view's count; the function counter reads the map. */
  private void counter(Map<String, Long> values, String name, String tag, String key,
      String description, long count) {
    if (values.put(key, count) == null) {
      FunctionCounter.builder(name, values, map -> map.getOrDefault(key, 0L))
          .tag(tag, key).description(description).register(registry);
    }
  }

  private static List<MultiGauge.Row<?>> latest(List<Run> runs, Function<CurvePoint, Double> field) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Run run : runs) {
      Double value = field.apply(run.latest());
      if (value != null) {
        rows.add(MultiGauge.Row.of(Tags.of("run", run.runId()), value));
      }
    }
    return rows;
  }
}
