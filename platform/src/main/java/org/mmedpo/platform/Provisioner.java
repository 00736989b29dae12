package org.mmedpo.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.serde.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics explicitly (the cluster's auto-creation stays off) and registers
 * each topic's value schema under {@code <topic>-value} with the configured compatibility rule.
 * Idempotent: existing topics and schemas are checked, not recreated.
 */
public final class Provisioner {

  private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

  private Provisioner() {}

  /**
   * Creates the topics that are missing; returns the names created. An existing topic with fewer
   * partitions than planned is reported, not changed (adding partitions moves keys).
   */
  public static List<String> createTopics(Admin admin, List<TopicPlan> plans) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (TopicPlan plan : plans) {
        if (!existing.contains(plan.topic().name())) {
          missing.add(new NewTopic(plan.topic().name(), plan.partitions(), plan.replicationFactor())
              .configs(plan.settings()));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      }
      Map<String, TopicDescription> described = admin.describeTopics(
          plans.stream().map(p -> p.topic().name()).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
      for (TopicPlan plan : plans) {
        int actual = described.get(plan.topic().name()).partitions().size();
        if (actual < plan.partitions()) {
          LOG.warn("topic {} has {} partitions, fewer than the {} planned; left as it is",
              plan.topic().name(), actual, plan.partitions());
        }
      }
      List<String> created = missing.stream().map(NewTopic::name).toList();
      LOG.info("topics: {} created, {} already there", created.size(), plans.size() - created.size());
      return created;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create topics: the cluster did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /**
   * Sets {@code compatibility} on every topic's value subject and registers its schema; returns
   * the schema id of each subject.
   */
  public static Map<String, Integer> registerSchemas(SchemaRegistryClient registry,
      List<Topic<?>> topics, String compatibility) {
    Map<String, Integer> ids = new java.util.LinkedHashMap<>();
    for (Topic<?> topic : topics) {
      int id = registry.register(topic.valueSubject(), topic.contract().valueSchema());
      registry.setCompatibility(topic.valueSubject(), compatibility);
      ids.put(topic.valueSubject(), id);
    }
    LOG.info("schemas registered: {}", ids);
    return ids;
  }
}
