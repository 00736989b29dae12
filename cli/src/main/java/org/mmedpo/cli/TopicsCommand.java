package org.mmedpo.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.platform.PlatformSession;
import org.mmedpo.platform.Provisioner;
import org.mmedpo.platform.TopicPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo topics}: lists topics with partition counts and end offsets; can provision them. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = {"List the cluster's topics with their partition counts and end offsets.",
        "With --create, first create the pipeline's topics and register their schemas (for an "
            + "external cluster; the embedded platform does this itself)."})
final class TopicsCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--create", description = "Create missing topics and register every schema.")
  boolean create;

  @Option(names = "--all", description = "Also list topics that are not the pipeline's.")
  boolean all;

  @Override
  public Integer call() throws Exception {
    try (PlatformSession session = PlatformSession.open(new PlatformConfig(options.sources()))) {
      PlatformConfig config = new PlatformConfig(session.sources());
      EventSerdes serdes = EventSerdes.create(config);
      Topics topics = Topics.create(config, serdes);
      PrintWriter out = spec.commandLine().getOut();
      try (Admin admin = Admin.create(KafkaClients.admin(config))) {
        if (create) {
          Provisioner.createTopics(admin, TopicPlan.of(config, topics.all()));
          Provisioner.registerSchemas(serdes.registry().client(), topics.all(),
              config.schemaCompatibility());
        }
        var names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
            .filter(name -> all || topics.all().stream().anyMatch(t -> t.name().equals(name)))
            .collect(Collectors.toCollection(java.util.TreeSet::new));
        Map<String, TopicDescription> described =
            admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new TreeMap<>(
            java.util.Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
        described.values().forEach(d -> d.partitions().forEach(
            p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        out.printf("%-32s %10s %12s  %s%n", "TOPIC", "PARTITIONS", "END OFFSETS", "PER PARTITION");
        for (String name : names) {
          int partitions = described.get(name).partitions().size();
          long total = 0;
          StringBuilder per = new StringBuilder();
          for (int p = 0; p < partitions; p++) {
            long end = ends.get(new TopicPartition(name, p)).offset();
            total += end;
            per.append(p == 0 ? "" : " ").append(end);
          }
          out.printf("%-32s %10d %12d  %s%n", name, partitions, total, per);
        }
        out.flush();
      }
    }
    return 0;
  }
}
