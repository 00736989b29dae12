package org.mmedpo.dashboard.feed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.dashboard.DashboardConfig;
import org.mmedpo.dashboard.view.ClusterView;
import org.mmedpo.dashboard.view.ClusterView.GroupLag;
import org.mmedpo.dashboard.view.ClusterView.TopicLag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the cluster every {@code dashboard.cluster.poll.ms}: the end offsets of the pipeline's
 * topics, and for every consumer or streams group its committed offsets and so its lag (end offset
 * minus committed offset, per partition, summed per topic). A failed look is reported to the view,
 * which keeps the last good values.
 */
public final class ClusterWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatcher.class);
  private static final long CALL_TIMEOUT_MS = 10_000;

  private final List<String> topics;
  private final ClusterView view;
  private final int pollMs;
  private final AdminClient admin;
  private final ScheduledExecutorService scheduler;

  public ClusterWatcher(DashboardConfig config, List<String> topics, ClusterView view,
      ServiceMetrics metrics) {
    this.topics = List.copyOf(topics);
    this.view = view;
    this.pollMs = config.clusterPollMs();
    Map<String, Object> props = KafkaClients.admin(config);
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "mmedpo-dashboard-admin");
    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS);
    props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS);
    this.admin = metrics.monitor(AdminClient.create(props));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mmedpo-dashboard-cluster");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts looking, at once and then every poll interval. */
  public void start() {
    scheduler.scheduleWithFixedDelay(this::lookSafely, 0, pollMs, TimeUnit.MILLISECONDS);
  }

  private void lookSafely() {
    try {
      look();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      fail(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException | RuntimeException e) {
      fail(e);
    }
  }

  private void fail(Throwable e) {
    String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    LOG.debug("looking at the cluster failed", e);
    view.failed(message);
  }

  /** One look at the cluster; package-visible so tests can run it without waiting. */
  void look() throws InterruptedException, ExecutionException, TimeoutException {
    long at = System.currentTimeMillis();
    Set<String> existing = get(admin.listTopics().names());
    List<String> present = topics.stream().filter(existing::contains).toList();
    Map<String, TopicDescription> described = present.isEmpty() ? Map.of()
        : get(admin.describeTopics(present).allTopicNames());
    Set<TopicPartition> partitions = new HashSet<>();
    described.values().forEach(d -> d.partitions().forEach(
        p -> partitions.add(new TopicPartition(d.name(), p.partition()))));

    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new TreeMap<>();
    Map<String, String> states = new HashMap<>();
    for (GroupListing group : get(admin.listGroups().all())) {
      GroupType type = group.type().orElse(GroupType.UNKNOWN);
      KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> offsets;
      if (type == GroupType.CONSUMER || type == GroupType.CLASSIC) {
        offsets = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata();
      } else if (type == GroupType.STREAMS) {
        offsets = admin.listStreamsGroupOffsets(Map.of(group.groupId(), new ListStreamsGroupOffsetsSpec()))
            .partitionsToOffsetAndMetadata(group.groupId());
      } else {
        continue;
      }
      Map<TopicPartition, OffsetAndMetadata> groupOffsets = new HashMap<>();
      get(offsets).forEach((tp, offset) -> {
        if (offset != null) {
          groupOffsets.put(tp, offset);
        }
      });
      if (!groupOffsets.isEmpty()) {
        committed.put(group.groupId(), groupOffsets);
        states.put(group.groupId(), group.groupState().map(Object::toString).orElse("?"));
        partitions.addAll(groupOffsets.keySet());
      }
    }

    Map<TopicPartition, Long> ends = endOffsets(partitions);
    Map<String, Long> endsPerTopic = new HashMap<>();
    for (String topic : present) {
      endsPerTopic.put(topic, 0L);
    }
    ends.forEach((tp, end) -> {
      if (described.containsKey(tp.topic())) {
        endsPerTopic.merge(tp.topic(), end, Long::sum);
      }
    });
    List<GroupLag> lags = new ArrayList<>();
    committed.forEach((group, offsets) -> lags.add(lagOf(group, states.get(group), offsets, ends)));
    view.update(at, endsPerTopic, lags);
  }

  private Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    get(admin.listOffsets(request).all()).forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  static GroupLag lagOf(String group, String state, Map<TopicPartition, OffsetAndMetadata> offsets,
      Map<TopicPartition, Long> ends) {
    Map<String, long[]> perTopic = new TreeMap<>();
    offsets.forEach((tp, offset) -> {
      Long end = ends.get(tp);
      long lag = end == null ? 0 : Math.max(0, end - offset.offset());
      long[] sum = perTopic.computeIfAbsent(tp.topic(), t -> new long[2]);
      sum[0] += lag;
      sum[1]++;
    });
    List<TopicLag> topicLags = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, long[]> e : perTopic.entrySet()) {
      topicLags.add(new TopicLag(e.getKey(), e.getValue()[0], (int) e.getValue()[1]));
      total += e.getValue()[0];
    }
    return new GroupLag(group, state, total, topicLags);
  }

  private static <T> T get(KafkaFuture<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
