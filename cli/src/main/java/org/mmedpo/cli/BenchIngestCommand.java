package org.mmedpo.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.pipeline.IngestRuntime;
import org.mmedpo.ingest.pipeline.IngestSummary;
import org.mmedpo.ingest.pipeline.ProgressListener;
import org.mmedpo.ingest.synth.SyntheticExport;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.platform.PlatformSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmedpo bench ingest}: ingest pairs/s on a fresh synthetic export, and in the same run a
 * bare produce of as many records of the same mean size to a scratch topic, with the ratio.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Ingest a fresh synthetic export and compare with a bare produce of equally sized events.")
final class BenchIngestCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--studies", defaultValue = "1000", description = "Studies (default ${DEFAULT-VALUE}).")
  int studies;

  @Option(names = "--size", defaultValue = "512", description = "Image size (default ${DEFAULT-VALUE}).")
  int size;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("mmedpo-bench-ingest");
    ConfigOptions.checkKnown(options.sources(), IngestConfig.DEFINITION, PlatformConfig.DEFINITION);
    try (PlatformSession session = PlatformSession.open(options.sources())) {
      // A fresh blob folder and secret: every pair is new, nothing counts as already ingested.
      Map<String, String> flags = new LinkedHashMap<>();
      flags.put(IngestConfig.BLOB_STORE_URI, dir.resolve("blobs").toUri().toString());
      flags.put(IngestConfig.DEID_SECRET, "bench-" + System.nanoTime() + "-secret-value");
      flags.put(IngestConfig.TRANSACTIONAL_ID, "mmedpo-bench-ingest");
      IngestConfig config = new IngestConfig(session.sources().lenient().withFlags(flags));
      SyntheticExport.Result export = new SyntheticExport().write(dir.resolve("export"), studies,
          System.nanoTime(), size, config.threads());
      out.printf("bench ingest: synthetic export of %d studies (%dx%d) written in %.1f s%n", studies, size,
          size, export.seconds());
      out.flush();
      long started = System.nanoTime();
      IngestSummary summary;
      try (IngestRuntime runtime = IngestRuntime.open(config)) {
        summary = runtime.ingestor().ingestFolder(dir.resolve("export"), ProgressListener.NONE);
      }
      double ingestSeconds = (System.nanoTime() - started) / 1e9;
      Topics topics = Topics.create(config, EventSerdes.create(config));
      int meanBytes = meanPairBytes(config, topics);
      double bareSeconds = bareProduce(config, (int) summary.pairsOut(), meanBytes);
      double ingestRate = summary.pairsOut() / ingestSeconds;
      double bareRate = summary.pairsOut() / bareSeconds;
      out.printf("  ingest:       %d pairs in %.2f s = %.1f pairs/s (%s)%n", summary.pairsOut(), ingestSeconds,
          ingestRate, summary);
      out.printf("  bare produce: %d records of %d bytes in %.3f s = %.0f records/s%n", summary.pairsOut(),
          meanBytes, bareSeconds, bareRate);
      out.printf("  ratio: ingest takes %.0fx the time of a bare produce of the same events (%d cores)%n",
          bareRate / ingestRate, Runtime.getRuntime().availableProcessors());
      out.flush();
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  /** Mean serialized size of the pairs the run produced (the last hundred on the topic). */
  private static int meanPairBytes(IngestConfig config, Topics topics) {
    var consumerProps = KafkaClients.consumer(config, null);
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(consumerProps,
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(topics.pairs().name()).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      var ends = consumer.endOffsets(partitions);
      partitions.forEach(tp -> consumer.seek(tp, Math.max(0, ends.get(tp) - 20)));
      long total = 0;
      int count = 0;
      long deadline = System.currentTimeMillis() + 10_000;
      while (count < 20 && System.currentTimeMillis() < deadline) {
        for (var r : consumer.poll(java.time.Duration.ofMillis(300))) {
          total += r.value().length;
          count++;
        }
      }
      return count == 0 ? 2048 : (int) (total / count);
    }
  }

  /** Seconds to send {@code count} records of {@code bytes} with an idempotent producer and flush. */
  private static double bareProduce(IngestConfig config, int count, int bytes) throws Exception {
    String topic = config.topicPrefix() + "mmedpo.bench-scratch." + System.nanoTime();
    try (Admin admin = Admin.create(KafkaClients.admin(config))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(6), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
          KafkaClients.producer(config, "mmedpo-bench"), new ByteArraySerializer(), new ByteArraySerializer())) {
        byte[] value = new byte[bytes];
        new java.util.Random(1).nextBytes(value);
        producer.send(new ProducerRecord<>(topic, "warm-up".getBytes(), value)).get();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
          producer.send(new ProducerRecord<>(topic, ("st-" + i).getBytes(), value));
        }
        producer.flush();
        return (System.nanoTime() - started) / 1e9;
      } finally {
        admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
