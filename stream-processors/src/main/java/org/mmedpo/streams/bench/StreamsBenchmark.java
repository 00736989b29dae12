package org.mmedpo.streams.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.streams.StreamsApp;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.streams.errors.DeadLetterRouter;
import org.mmedpo.streams.topology.PairItems;
import org.mmedpo.streams.topology.StageTimings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs synthetic pairs through the stream processors on a live cluster and measures them against
 * a bare consume-and-produce of the same records in the same run. Each run uses fresh topics
 * (a unique topic prefix) and a fresh application id, so runs do not see each other's data.
 *
 * <p>Flow: write the pairs' images to the blob store; produce every pair and the poison pills to
 * the pairs topic; time a bare Kafka Streams copy of the pairs topic (same guarantee and threads)
 * until all its records are out; then time the processors from start until every expected sample
 * and dead letter is out. Counts in = samples out + dead letters is checked per pair.
 */
public final class StreamsBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsBenchmark.class);

  /** Where the benchmark's pairs come from; their images go to the given blob store. */
  @FunctionalInterface
  public interface PairSource {
    List<ImageReportPair> pairs(BlobStore blobs);

    /** {@code count} pairs of {@link SyntheticPairs}. */
    static PairSource synthetic(int count, int imageSize, long seed) {
      return blobs -> {
        SyntheticPairs synthetic = new SyntheticPairs(blobs, imageSize, seed);
        List<ImageReportPair> pairs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          pairs.add(synthetic.pair(i));
        }
        return pairs;
      };
    }
  }

  /**
   * What to run.
   *
   * @param source the pairs
   * @param poisonPills garbage records on the pairs topic (each must become a dead letter)
   * @param partitions partitions of each fresh topic
   * @param timeout how long to wait for all outputs
   */
  public record Options(PairSource source, int poisonPills, int partitions, Duration timeout) {}

  /**
   * What came out.
   *
   * @param pairsIn pairs produced
   * @param poisonIn poison pills produced
   * @param expectedSamples samples the pairs should give (items x kinds)
   * @param samples samples received
   * @param distinctSamples distinct sample ids received (equal to samples: no duplicates)
   * @param textSamples TEXT_HALLUCINATION samples
   * @param imageSamples LESION_NEGLECT samples
   * @param deadLetters dead letters received
   * @param deadLettersByReason dead letters per reason
   * @param completePairs pairs with every expected sample or with a dead letter explaining the gap
   * @param paperWeights samples weighted by the PAPER scheme
   * @param weightMean mean weight of PAPER samples
   * @param weightMin smallest weight of any sample
   * @param weightMax largest weight of any sample
   * @param pipeline time from processor start to the last output
   * @param pipelineSteady time from the first output to the last
   * @param baseline time of the bare consume-and-produce, start to last output
   * @param baselineSteady bare copy, first output to last
   * @param threads stream threads
   * @param guarantee processing guarantee
   * @param stageNanos time spent in each stage's own work, summed over threads
   * @param topicPrefix prefix of this run's topics
   */
  public record Result(int pairsIn, int poisonIn, long expectedSamples, long samples, long distinctSamples,
      long textSamples,
      long imageSamples, long deadLetters, Map<String, Long> deadLettersByReason, long completePairs,
      long paperWeights, double weightMean, double weightMin, double weightMax, Duration pipeline,
      Duration pipelineSteady, Duration baseline, Duration baselineSteady, int threads, String guarantee,
      Map<StageTimings.Stage, Long> stageNanos, String topicPrefix) {

    /**
     * Counts in = out + dead letters: every pair gave all of its samples or has a dead letter,
     * every poison pill is a dead letter, and no sample came twice or unasked.
     */
    public boolean balanced() {
      return completePairs == pairsIn && deadLettersByReason.getOrDefault("undecodable record", 0L) == poisonIn
          && samples == distinctSamples && samples <= expectedSamples;
    }
  }

  private StreamsBenchmark() {}

  /**
   * Runs the benchmark against the cluster and registry that {@code sources} name.
   *
   * @param sources configuration layers (bootstrap servers, registry, data folder, processors.*)
   */
  public static Result run(ConfigSources sources, Options options) {
    String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    StreamsAppConfig config = new StreamsAppConfig(sources.withFlags(Map.of(
        StreamsAppConfig.TOPIC_PREFIX, prefix,
        StreamsAppConfig.APPLICATION_ID, prefix + "processors")));
    EventSerdes serdes = EventSerdes.create(config);
    Topics topics = Topics.create(config, serdes);
    String bareOut = prefix + "bare-copy";
    createTopics(config, topics, bareOut, options.partitions());

    List<ImageReportPair> pairs;
    try (BlobStore blobs = BlobStore.open(config)) {
      pairs = options.source().pairs(blobs);
    }
    produce(config, topics, pairs, options.poisonPills());
    int records = pairs.size() + options.poisonPills();

    Duration[] baseline = bareCopy(config, topics.pairs().name(), bareOut, records, options.timeout());
    LOG.info("bare consume-and-produce of {} records: {} ms", records, baseline[0].toMillis());

    Map<String, Integer> itemsPerPair = new HashMap<>();
    long expected = 0;
    int kinds = (config.textVariants() ? 1 : 0) + (config.imageVariants() ? 1 : 0);
    for (ImageReportPair pair : pairs) {
      int items = PairItems.of(pair, config.reportPrompt()).size();
      itemsPerPair.put(pair.getPairId(), items);
      expected += (long) items * kinds;
    }
    long started = System.nanoTime();
    Collected collected;
    StageTimings timings;
    try (StreamsApp app = StreamsApp.start(config, Duration.ofSeconds(60))) {
      collected = collect(config, topics, expected, options.poisonPills(), started, options.timeout());
      timings = app.timings();
    }
    Map<String, Map<String, Integer>> perPair = new HashMap<>();
    for (PreferenceSample s : collected.samples) {
      perPair.computeIfAbsent(s.getProvenance().getPairId(), k -> new HashMap<>())
          .merge(s.getKind().name(), 1, Integer::sum);
    }
    Set<String> deadPairs = new java.util.HashSet<>(collected.deadLetterPairs);
    long complete = 0;
    for (ImageReportPair pair : pairs) {
      Map<String, Integer> got = perPair.getOrDefault(pair.getPairId(), Map.of());
      int items = itemsPerPair.get(pair.getPairId());
      boolean text = !config.textVariants() || got.getOrDefault(DispreferenceKind.TEXT_HALLUCINATION.name(), 0) == items;
      boolean image = !config.imageVariants() || got.getOrDefault(DispreferenceKind.LESION_NEGLECT.name(), 0) == items;
      complete += (text && image) || deadPairs.contains(pair.getStudyPseudonym()) ? 1 : 0;
    }
    List<Double> paper = collected.samples.stream().filter(s -> s.getWeightScheme() == WeightScheme.PAPER)
        .map(PreferenceSample::getWeight).toList();
    Map<StageTimings.Stage, Long> stageNanos = new TreeMap<>();
    for (StageTimings.Stage stage : StageTimings.Stage.values()) {
      stageNanos.put(stage, timings.nanos(stage));
    }
    return new Result(pairs.size(), options.poisonPills(), expected, collected.samples.size(),
        collected.samples.stream().map(PreferenceSample::getSampleId).distinct().count(),
        collected.samples.stream().filter(s -> s.getKind() == DispreferenceKind.TEXT_HALLUCINATION).count(),
        collected.samples.stream().filter(s -> s.getKind() == DispreferenceKind.LESION_NEGLECT).count(),
        collected.deadLetters, collected.reasons, complete, paper.size(),
        paper.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
        collected.samples.stream().mapToDouble(PreferenceSample::getWeight).min().orElse(Double.NaN),
        collected.samples.stream().mapToDouble(PreferenceSample::getWeight).max().orElse(Double.NaN),
        Duration.ofNanos(collected.last - started), Duration.ofNanos(collected.last - collected.first),
        baseline[0], baseline[1], config.threads(), config.processingGuarantee(), stageNanos, prefix);
  }

  private static void createTopics(StreamsAppConfig config, Topics topics, String bareOut, int partitions) {
    List<NewTopic> all = new ArrayList<>();
    for (Topic<?> topic : topics.all()) {
      all.add(new NewTopic(topic.name(), partitions, (short) 1));
    }
    all.add(new NewTopic(bareOut, partitions, (short) 1));
    try (Admin admin = Admin.create(KafkaClients.admin(config))) {
      admin.createTopics(all).all().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the benchmark topics: " + e.getMessage(), e);
    }
  }

  private static void produce(StreamsAppConfig config, Topics topics, List<ImageReportPair> pairs, int poison) {
    Map<String, Object> props = KafkaClients.producer(config, "bench-producer");
    try (KafkaProducer<String, ImageReportPair> producer = new KafkaProducer<>(props, new StringSerializer(),
        topics.pairs().valueSerde().serializer())) {
      for (ImageReportPair pair : pairs) {
        producer.send(new ProducerRecord<>(topics.pairs().name(), pair.getStudyPseudonym(), pair));
      }
      producer.flush();
    }
    try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < poison; i++) {
        byte[] garbage = ("poison pill " + i + ": not an Avro record").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        raw.send(new ProducerRecord<>(topics.pairs().name(), ("poison-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), garbage));
      }
      raw.flush();
    }
  }

  /** A bare Kafka Streams copy of {@code from} to {@code to}: {start-to-last, first-to-last}. */
  private static Duration[] bareCopy(StreamsAppConfig config, String from, String to, int records, Duration timeout) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(from, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("bare-source"))
        .to(to, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("bare-sink"));
    Properties props = StreamsApp.properties(config, new DeadLetterRouter(
        Topics.create(config, EventSerdes.create(config)).dlq()));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId() + "-bare");
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().resolve("bare").toString());
    long started = System.nanoTime();
    long first = 0;
    long last = 0;
    int seen = 0;
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        KafkaConsumer<byte[], byte[]> consumer = consumer(config, new ByteArrayDeserializer())) {
      streams.start();
      assignAll(consumer, List.of(to));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (seen < records) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("bare copy: only " + seen + " of " + records + " records within " + timeout);
        }
        var batch = consumer.poll(Duration.ofMillis(100));
        if (!batch.isEmpty()) {
          if (first == 0) {
            first = System.nanoTime();
          }
          seen += batch.count();
          last = System.nanoTime();
        }
      }
      streams.close(Duration.ofSeconds(30));
    }
    return new Duration[] {Duration.ofNanos(last - started), Duration.ofNanos(last - first)};
  }

  private record Collected(List<PreferenceSample> samples, long deadLetters, Map<String, Long> reasons,
      List<String> deadLetterPairs, long first, long last) {}

  /** Quiet time after which missing outputs are taken as not coming (they should be dead letters). */
  private static final Duration IDLE = Duration.ofSeconds(90);

  private static Collected collect(StreamsAppConfig config, Topics topics, long expected, int poison,
      long started, Duration timeout) {
    List<PreferenceSample> samples = new ArrayList<>();
    Map<String, Long> reasons = new TreeMap<>();
    List<String> deadKeys = new ArrayList<>();
    long deadLetters = 0;
    long first = 0;
    long last = started;
    var preferences = topics.preferences().valueSerde().deserializer();
    var letters = topics.dlq().valueSerde().deserializer();
    try (KafkaConsumer<String, byte[]> consumer = consumer(config, new StringDeserializer())) {
      assignAll(consumer, List.of(topics.preferences().name(), topics.dlq().name()));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (samples.size() < expected || deadLetters < poison) {
        long now = System.nanoTime();
        if (now > deadline) {
          LOG.warn("timed out with {} of {} samples and {} dead letters", samples.size(), expected, deadLetters);
          break;
        }
        if (first != 0 && now - last > IDLE.toNanos()) {
          LOG.warn("no output for {} s: stopping with {} of {} samples and {} dead letters",
              IDLE.toSeconds(), samples.size(), expected, deadLetters);
          break;
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (first == 0) {
            first = System.nanoTime();
          }
          last = System.nanoTime();
          if (r.topic().equals(topics.preferences().name())) {
            samples.add(preferences.deserialize(r.topic(), r.value()));
          } else {
            DeadLetter letter = letters.deserialize(r.topic(), r.value());
            deadLetters++;
            reasons.merge(letter.getReason(), 1L, Long::sum);
            if (r.key() != null) {
              deadKeys.add(r.key());
            }
          }
        }
      }
    }
    return new Collected(samples, deadLetters, reasons, deadKeys, first == 0 ? started : first, last);
  }

  private static <K> KafkaConsumer<K, byte[]> consumer(StreamsAppConfig config,
      org.apache.kafka.common.serialization.Deserializer<K> keys) {
    Map<String, Object> props = KafkaClients.consumer(config, null);
    return new KafkaConsumer<>(props, keys, new ByteArrayDeserializer());
  }

  private static void assignAll(KafkaConsumer<?, ?> consumer, List<String> topicNames) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String name : topicNames) {
      consumer.partitionsFor(name).forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }
}
