package org.mmedpo.streams.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.CachedSchemaRegistry;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.common.serde.InMemorySchemaRegistry;
import org.mmedpo.events.ClinicalScore;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.streams.StreamsApp;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.streams.assembly.ReferenceScorer;
import org.mmedpo.streams.bench.SyntheticPairs;
import org.mmedpo.streams.errors.DeadLetterRouter;
import org.mmedpo.streams.model.ProcessorModels;
import org.mmedpo.streams.topology.Components;
import org.mmedpo.streams.topology.PipelineTopology;
import org.mmedpo.streams.topology.StageTimings;

/**
 * The whole topology in a TopologyTestDriver, with a loopback registry, a temporary blob store,
 * synthetic pairs and typed input and output topics (plus raw byte inputs for poison pills).
 */
public final class TopologyFixture implements AutoCloseable {

  public final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  public final Topics topics;
  public final BlobStore blobs;
  public final SyntheticPairs synthetic;
  public final StreamsAppConfig config;
  public final TopologyTestDriver driver;
  public final TestInputTopic<String, ImageReportPair> pairs;
  public final TestOutputTopic<String, DispreferredVariant> variants;
  public final TestOutputTopic<String, ClinicalScore> scores;
  public final TestOutputTopic<String, PreferenceSample> preferences;
  public final TestOutputTopic<String, DeadLetter> deadLetters;
  public final TestOutputTopic<byte[], byte[]> rawDeadLetters;
  public final Components components;

  public TopologyFixture(Path dir, Map<String, String> settings) {
    this(dir, settings, Optional.empty());
  }

  public TopologyFixture(Path dir, Map<String, String> settings, Optional<ReferenceScorer> reference) {
    this(dir, settings, reference, null);
  }

  /**
   * With model-backed parts: {@code models} feeds the ones {@code settings} switch on (their
   * reference scorer replaces {@code reference} when enrichment is on).
   */
  public TopologyFixture(Path dir, Map<String, String> settings, ProcessorModels models) {
    this(dir, settings, Optional.empty(), models);
  }

  private TopologyFixture(Path dir, Map<String, String> settings, Optional<ReferenceScorer> reference,
      ProcessorModels models) {
    EventSerdes serdes = new EventSerdes(new CachedSchemaRegistry(registry.client(), true));
    topics = new Topics("", serdes);
    blobs = new LocalBlobStore(dir.resolve("blobs"));
    synthetic = new SyntheticPairs(blobs, 96, 5);
    Map<String, String> flags = new HashMap<>(Map.of(
        "data.dir", dir.toString(),
        StreamsAppConfig.WEIGHT_MIN_COUNT, "10"));
    flags.putAll(settings);
    config = new StreamsAppConfig(ConfigSources.ofFlags(flags));
    Clock clock = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);
    Components built = models == null ? StreamsApp.components(config, blobs, new StageTimings(), clock)
        : StreamsApp.components(config, blobs, models, new StageTimings(), clock);
    Components components = new Components(built.hallucinator(), built.images(), built.consensus(),
        built.weights(), models == null ? reference : built.reference(), built.clock(), built.recordDeadline(),
        built.seed(), built.reportPrompt(), built.timings());
    this.components = components;
    Properties props = StreamsApp.properties(config, new DeadLetterRouter(topics.dlq()));
    driver = new TopologyTestDriver(PipelineTopology.build(config, topics, components), props);
    pairs = input(topics.pairs());
    variants = output(topics.variants());
    scores = output(topics.scores());
    preferences = output(topics.preferences());
    deadLetters = output(topics.dlq());
    rawDeadLetters = driver.createOutputTopic(topics.dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private <V> TestInputTopic<String, V> input(Topic<V> topic) {
    return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private <V> TestOutputTopic<String, V> output(Topic<V> topic) {
    return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  /** A raw byte input on {@code topic}, for poison pills. */
  public TestInputTopic<byte[], byte[]> raw(Topic<?> topic) {
    return driver.createInputTopic(topic.name(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  public <V> TestInputTopic<String, V> typed(Topic<V> topic) {
    return input(topic);
  }

  /** Pipes {@code pair} keyed by its study pseudonym. */
  public void send(ImageReportPair pair) {
    pairs.pipeInput(pair.getStudyPseudonym(), pair);
  }

  public static <K, V> List<V> values(TestOutputTopic<K, V> topic) {
    return topic.readRecordsToList().stream().map(TestRecord::value).toList();
  }

  @Override
  public void close() {
    driver.close();
    registry.close();
  }
}
