package org.mmedpo.streams;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.streams.assembly.ModelReferenceScorer;
import org.mmedpo.streams.assembly.ReferenceScorer;
import org.mmedpo.streams.assembly.WeightNormalizer;
import org.mmedpo.streams.errors.DeadLetterDeserializationHandler;
import org.mmedpo.streams.errors.DeadLetterProcessingHandler;
import org.mmedpo.streams.errors.DeadLetterProductionHandler;
import org.mmedpo.streams.errors.DeadLetterRouter;
import org.mmedpo.streams.hallucination.ClinicalHallucinationEngine;
import org.mmedpo.streams.hallucination.Hallucinator;
import org.mmedpo.streams.hallucination.LlmHallucinator;
import org.mmedpo.streams.hallucination.TargetModelHallucinator;
import org.mmedpo.streams.lesion.ContrastLocalizer;
import org.mmedpo.streams.lesion.GroundTruthLocalizer;
import org.mmedpo.streams.lesion.ImageDispreference;
import org.mmedpo.streams.lesion.LesionLocalizer;
import org.mmedpo.streams.lesion.LesionNoiser;
import org.mmedpo.streams.lesion.MaskBuilder;
import org.mmedpo.streams.lesion.NoiseSchedule;
import org.mmedpo.streams.lesion.SaliencyLocalizer;
import org.mmedpo.streams.lesion.VisualToolLocalizer;
import org.mmedpo.streams.llm.ChatCompletionsClient;
import org.mmedpo.streams.llm.ResilientHttp;
import org.mmedpo.streams.model.PreparedImages;
import org.mmedpo.streams.model.ProcessorModels;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.scoring.ClinicalJudge;
import org.mmedpo.streams.scoring.ClinicalRuleJudge;
import org.mmedpo.streams.scoring.ConsensusProtocol;
import org.mmedpo.streams.scoring.LlmJudge;
import org.mmedpo.streams.topology.Components;
import org.mmedpo.streams.topology.PipelineTopology;
import org.mmedpo.streams.topology.StageTimings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running stream processors: components wired from configuration, the topology, and the
 * Kafka Streams instance. One instance per process; run more processes (same application id) to
 * scale out, up to one task per input partition.
 */
public final class StreamsApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final BlobStore blobs;
  private final ProcessorModels models;
  private final Components components;

  private StreamsApp(KafkaStreams streams, BlobStore blobs, ProcessorModels models, Components components) {
    this.streams = streams;
    this.blobs = blobs;
    this.models = models;
    this.components = components;
  }

  /**
   * Builds, checks and starts the processors, and waits until they run.
   *
   * @throws IllegalStateException when the input topics are not co-partitioned or Kafka Streams
   *     does not reach RUNNING within {@code startupTimeout}
   */
  public static StreamsApp start(StreamsAppConfig config, Duration startupTimeout) {
    EventSerdes serdes = EventSerdes.create(config);
    Topics topics = Topics.create(config, serdes);
    checkCoPartitioned(config, topics);
    BlobStore blobs = BlobStore.open(config);
    StageTimings timings = new StageTimings();
    ProcessorModels models = ProcessorModels.follow(config, topics.modelVersions(), blobs);
    Components components;
    KafkaStreams streams;
    try {
      components = components(config, blobs, models, timings, Clock.systemUTC());
      Topology topology = PipelineTopology.build(config, topics, components);
      LOG.info("stream processors topology:\n{}", topology.describe());
      streams = new KafkaStreams(topology, properties(config, new DeadLetterRouter(topics.dlq())));
    } catch (RuntimeException e) {
      // The followers already run and may hold loaded models (native memory).
      models.close();
      throw e;
    }
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; stopping this instance", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    StreamsApp app = new StreamsApp(streams, blobs, models, components);
    streams.start();
    long until = System.nanoTime() + startupTimeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (!streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED
          || System.nanoTime() > until) {
        KafkaStreams.State state = streams.state();
        app.close();
        throw new IllegalStateException("stream processors did not start (state " + state + ")");
      }
      sleep(50);
    }
    return app;
  }

  /** The Kafka Streams settings of {@code config}, with the dead-letter router for the handlers. */
  public static Properties properties(StreamsAppConfig config, DeadLetterRouter router) {
    Properties props = new Properties();
    props.putAll(config.kafkaOverrides());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), config.maxPollIntervalMs());
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
    props.putAll(config.streamsOverrides());
    props.put(DeadLetterRouter.CONFIG_KEY, router);
    return props;
  }

  /** The processors' components as {@code config} describes them, without model-backed parts. */
  public static Components components(StreamsAppConfig config, BlobStore blobs, StageTimings timings, Clock clock) {
    return components(config, blobs, ProcessorModels.none(), timings, clock);
  }

  /**
   * The processors' components as {@code config} describes them; model-backed parts use
   * {@code models}.
   *
   * @throws IllegalStateException when {@code config} asks for a model-backed part that
   *     {@code models} does not follow
   */
  public static Components components(StreamsAppConfig config, BlobStore blobs, ProcessorModels models,
      StageTimings timings, Clock clock) {
    RadiologyLexicon lexicon = RadiologyLexicon.standard();
    HttpClient http = ResilientHttp.newClient(Duration.ofSeconds(10));
    PreparedImages prepared = new PreparedImages(blobs, 64);
    Hallucinator engine = new ClinicalHallucinationEngine(lexicon);
    Hallucinator llm = null;
    if (config.hallucinator().equals(StreamsAppConfig.LLM)
        || (config.hallucinator().equals(StreamsAppConfig.TARGET_MODEL)
            && config.modelFallback().equals(StreamsAppConfig.LLM))) {
      ChatCompletionsClient client = new ChatCompletionsClient(new ChatCompletionsClient.Endpoint(
          config.getString(StreamsAppConfig.LLM_MODEL), URI.create(config.getString(StreamsAppConfig.LLM_URL)),
          config.getString(StreamsAppConfig.LLM_MODEL), config.secret(StreamsAppConfig.LLM_API_KEY),
          config.getDouble(StreamsAppConfig.LLM_TEMPERATURE), config.getInt(StreamsAppConfig.LLM_MAX_TOKENS),
          policy(config, StreamsAppConfig.LLM_TIMEOUT_MS, StreamsAppConfig.LLM_MAX_RETRIES,
              StreamsAppConfig.LLM_BACKOFF_MS, StreamsAppConfig.LLM_RATE)), http);
      llm = new LlmHallucinator(client, config.llmFallback() ? engine : null);
    }

    List<LesionLocalizer> localizers = new ArrayList<>();
    for (String name : config.localizers()) {
      switch (name) {
        case "ground-truth" -> localizers.add(new GroundTruthLocalizer(lexicon, blobs, config.groundTruthConfidence()));
        case "contrast" -> localizers.add(new ContrastLocalizer());
        case StreamsAppConfig.SALIENCY -> localizers.add(new SaliencyLocalizer(models.latest(), lexicon,
            config.reportPrompt()));
        case "visual-tool" -> localizers.add(new VisualToolLocalizer(
            URI.create(config.getString(StreamsAppConfig.VISUAL_URL)), config.getString(StreamsAppConfig.VISUAL_PROMPT),
            new ResilientHttp(VisualToolLocalizer.NAME, http, policy(config, StreamsAppConfig.VISUAL_TIMEOUT_MS,
                StreamsAppConfig.VISUAL_MAX_RETRIES, StreamsAppConfig.VISUAL_BACKOFF_MS, StreamsAppConfig.VISUAL_RATE))));
        default -> throw new IllegalStateException("unknown localizer " + name);
      }
    }
    ImageDispreference images = new ImageDispreference(blobs, localizers,
        new MaskBuilder(config.getInt(StreamsAppConfig.MASK_KERNEL), config.maskThreshold(),
            config.getDouble(StreamsAppConfig.MASK_MIN_COVERAGE)),
        new LesionNoiser(config.noiseMode(), new NoiseSchedule(config.getInt(StreamsAppConfig.NOISE_STEPS),
            config.getDouble(StreamsAppConfig.NOISE_BETA_START), config.getDouble(StreamsAppConfig.NOISE_BETA_END)),
            config.getInt(StreamsAppConfig.NOISE_STEP)));

    List<ClinicalJudge> judges = new ArrayList<>();
    Map<String, StreamsAppConfig.JudgeEndpoint> endpoints = new java.util.HashMap<>();
    config.judgeEndpoints().forEach(e -> endpoints.put(e.name(), e));
    for (String name : config.judges()) {
      if (name.equals(ClinicalRuleJudge.NAME)) {
        judges.add(new ClinicalRuleJudge(lexicon, config.getDouble(StreamsAppConfig.JUDGE_TOLERANCE)));
      } else {
        StreamsAppConfig.JudgeEndpoint e = endpoints.get(name);
        judges.add(new LlmJudge(name, new ChatCompletionsClient(new ChatCompletionsClient.Endpoint(name,
            URI.create(e.baseUrl()), e.model(), config.secret(StreamsAppConfig.JUDGE_API_KEY), 0.0, 256,
            policy(config, StreamsAppConfig.JUDGE_TIMEOUT_MS, StreamsAppConfig.JUDGE_MAX_RETRIES,
                StreamsAppConfig.JUDGE_BACKOFF_MS, StreamsAppConfig.JUDGE_RATE)), http)));
      }
    }
    ConsensusProtocol consensus = new ConsensusProtocol(judges, config.getInt(StreamsAppConfig.CONSENSUS_MAX_ROUNDS),
        config.skipFailedJudges());
    WeightNormalizer weights = new WeightNormalizer(config.weightScheme(), config.getInt(StreamsAppConfig.WEIGHT_MIN_COUNT),
        config.getDouble(StreamsAppConfig.WEIGHT_VARIANCE), config.getDouble(StreamsAppConfig.WEIGHT_MIN),
        config.getDouble(StreamsAppConfig.WEIGHT_MAX));
    Hallucinator hallucinator = switch (config.hallucinator()) {
      case StreamsAppConfig.LLM -> llm;
      case StreamsAppConfig.TARGET_MODEL -> new TargetModelHallucinator(models.latest(), prepared, consensus,
          config.modelFallback().equals(StreamsAppConfig.LLM) ? llm : engine,
          new TargetModelHallucinator.Settings(config.getInt(StreamsAppConfig.MODEL_CANDIDATES),
              config.getDouble(StreamsAppConfig.MODEL_TEMPERATURE),
              config.getInt(StreamsAppConfig.MODEL_MAX_NEW_TOKENS),
              config.getDouble(StreamsAppConfig.MODEL_MIN_SCORE)));
      default -> engine;
    };
    Optional<ReferenceScorer> reference = config.referenceEnrichment()
        ? Optional.of(new ModelReferenceScorer(models.base(), prepared)) : Optional.empty();
    return new Components(config.textVariants() ? hallucinator : null, config.imageVariants() ? images : null,
        consensus, weights, reference, clock, config.recordDeadline(), config.seed(),
        config.reportPrompt(), timings);
  }

  private static ResilientHttp.Policy policy(StreamsAppConfig config, String timeout, String retries,
      String backoff, String rate) {
    return new ResilientHttp.Policy(Duration.ofMillis(config.getInt(timeout)), config.getInt(retries),
        Duration.ofMillis(config.getInt(backoff)), config.getDouble(rate));
  }

  /**
   * Pairs, variants and scores must have the same partition count: the stores that join them are
   * per task, and a task of partition p reads partition p of each.
   */
  static void checkCoPartitioned(StreamsAppConfig config, Topics topics) {
    List<String> names = List.of(topics.pairs().name(), topics.variants().name(), topics.scores().name());
    try (Admin admin = Admin.create(KafkaClients.admin(config))) {
      Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      long distinct = described.values().stream().mapToInt(d -> d.partitions().size()).distinct().count();
      if (distinct != 1) {
        StringBuilder counts = new StringBuilder();
        described.forEach((name, d) -> counts.append(name).append('=').append(d.partitions().size()).append(' '));
        throw new IllegalStateException("input topics must have the same partition count: " + counts.toString().strip());
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot describe the input topics " + names + ": " + e.getCause().getMessage(), e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Kafka did not describe the input topics within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  public StageTimings timings() {
    return components.timings();
  }

  /** The model versions the model-backed parts use (none when no such part is configured). */
  public ProcessorModels models() {
    return models;
  }

  /** What the processors work with (e.g. the reference scorer's counts). */
  public Components components() {
    return components;
  }

  /** Records processed by all stream threads so far (Kafka Streams' process-total metrics). */
  public double processedRecords() {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      if (e.getKey().name().equals("process-total")
          && e.getKey().group().equals("stream-thread-metrics")
          && e.getValue().metricValue() instanceof Number n) {
        total += n.doubleValue();
      }
    }
    return total;
  }

  /**
   * Waits until the processors have processed nothing for {@code idle}, or stopped running; for
   * scripted runs that work through a backlog. With nothing to do (a rerun at the committed end)
   * it returns after {@code idle}, so {@code idle} should exceed the time a started instance takes
   * to begin on a backlog (a second or two here).
   */
  public void awaitIdle(Duration idle) throws InterruptedException {
    double last = processedRecords();
    long since = System.nanoTime();
    while (streams.state().isRunningOrRebalancing() && System.nanoTime() - since < idle.toNanos()) {
      Thread.sleep(500);
      double now = processedRecords();
      if (now != last) {
        last = now;
        since = System.nanoTime();
      }
    }
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
    models.close();
    blobs.close();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
