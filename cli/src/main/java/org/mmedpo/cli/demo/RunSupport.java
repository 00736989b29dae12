package org.mmedpo.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.ingest.synth.SyntheticExport;
import org.mmedpo.trainer.TrainerConfig;
import org.mmedpo.trainer.eval.Evaluator;
import org.mmedpo.trainer.eval.PaperMetrics;
import org.mmedpo.trainer.eval.TextMetrics;
import org.mmedpo.trainer.stream.ModelVersions;

/** What the demo and the experiment both do: exports, model versions, evaluation. */
final class RunSupport {

  private RunSupport() {}

  /**
   * Writes a synthetic export into {@code export} unless it is there: into a sibling folder first,
   * renamed when complete, so an interrupted write is never taken for an export.
   *
   * @param progress set to the number of studies written so far
   */
  static void ensureExport(Path export, int studies, long seed, AtomicInteger progress)
      throws IOException {
    if (Files.isDirectory(export)) {
      progress.set(studies);
      return;
    }
    Path partial = export.resolveSibling(export.getFileName() + ".partial");
    if (Files.exists(partial)) {
      deleteTree(partial);
    }
    Thread counter = daemon("synth-progress", () -> {
      while (!Thread.currentThread().isInterrupted()) {
        try (var list = Files.list(partial)) {
          progress.set((int) list.count());
        } catch (IOException e) {
          // not created yet
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    try {
      new SyntheticExport().write(partial, studies, seed, 512, 2);
    } finally {
      counter.interrupt();
    }
    Files.move(partial, export, StandardCopyOption.ATOMIC_MOVE);
    progress.set(studies);
  }

  /** Publishes {@code version} and waits for the broker. */
  static void publish(TrainerConfig config, Topic<ModelVersion> topic, ModelVersion version) {
    try (KafkaProducer<String, ModelVersion> producer = versionProducer(config, topic)) {
      ModelVersions.publish(producer, topic, version);
    }
  }

  static KafkaProducer<String, ModelVersion> versionProducer(TrainerConfig config,
      Topic<ModelVersion> topic) {
    return new KafkaProducer<>(KafkaClients.producer(config, "mmedpo-runs"),
        topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** The evaluator the configuration describes (decoding as MMEDPO.md §5). */
  static Evaluator evaluator(TrainerConfig config) {
    return new Evaluator(new Evaluator.Settings(
        config.getDouble(TrainerConfig.EVAL_TEMPERATURE), config.getLong(TrainerConfig.EVAL_SEED),
        config.getInt(TrainerConfig.EVAL_MAX_NEW_TOKENS_VQA),
        config.getInt(TrainerConfig.EVAL_MAX_NEW_TOKENS_REPORT)), PaperMetrics.create());
  }

  /** An evaluation row as the {@code evaluation} map of a ModelVersion (fractions, not percent). */
  static Map<String, Double> evaluationMap(Evaluator.Row row) {
    TextMetrics.ReportMetrics m = row.report();
    Map<String, Double> map = new HashMap<>();
    map.put("closed_accuracy", row.closedAccuracy());
    map.put("open_recall", row.openRecall());
    map.put("bleu_1", m.bleu1());
    map.put("bleu_2", m.bleu2());
    map.put("bleu_3", m.bleu3());
    map.put("bleu_4", m.bleu4());
    map.put("bleu", m.bleu());
    map.put("rouge_l", m.rougeL());
    map.put("meteor", m.meteor());
    return map;
  }

  /** Committed records now on {@code topic}, counted by reading it from the beginning. */
  static long countRecords(AppConfig config, Topic<?> topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        KafkaClients.consumer(config, null), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))
          .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long count = 0;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        count += consumer.poll(Duration.ofMillis(500)).count();
      }
      return count;
    }
  }

  static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  static void deleteTree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
