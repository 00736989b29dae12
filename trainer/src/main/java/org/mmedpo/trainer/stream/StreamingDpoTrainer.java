package org.mmedpo.trainer.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.TrainingMetrics;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.VlmSample;
import org.mmedpo.model.archive.ArchiveMetadata;
import org.mmedpo.model.net.ParameterIo;
import org.mmedpo.trainer.TrainerConfig;
import org.mmedpo.trainer.dpo.DpoPair;
import org.mmedpo.trainer.dpo.DpoStep;
import org.mmedpo.trainer.optim.AdamW;
import org.mmedpo.trainer.optim.LearningRateSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code mmedpo.preferences.v1} in micro-batches and aligns the policy by weighted DPO,
 * exactly once.
 *
 * <h2>Micro-batches, deterministically</h2>
 * The trainer reads every partition of the topic itself ({@code assign}, no group rebalancing)
 * and builds each batch by a fixed rule, not in the order records happen to arrive: starting at
 * the lowest partition, it takes the oldest unconsumed record of each partition in turn (round
 * robin, in partition order) until the batch holds {@code trainer.batch.size} trainable samples,
 * or {@code trainer.batch.wait.ms} has passed since the batch got its first sample. A partition
 * whose records are not fetched yet is waited for unless the consumer has reached its end offset.
 * So on the same log, a batch consists of the same records whatever the fetch timing, and a run
 * restarted from a checkpoint forms the very batches an uninterrupted run forms. (Only the wait
 * rule can cut a batch short, when records arrive slower than the wait.)
 *
 * <h2>Exactly once</h2>
 * Auto-commit is off. Every {@code trainer.checkpoint.steps} steps or {@code
 * trainer.checkpoint.interval.ms}, the trainer forces the ledger of trained sample ids to disk,
 * writes an atomic checkpoint (parameters, AdamW state, counters, ledger length and the next
 * offset of each partition), commits those offsets to the group (for lag monitoring), and then
 * publishes a ModelVersion. On start it loads the checkpoint, cuts the ledger back to it and
 * seeks every partition to the checkpointed offset: the checkpoint, not the group's commit, is
 * the truth. Steps after the last checkpoint are redone identically after a crash. Metrics and
 * dead letters of redone steps may appear twice (at least once).
 *
 * <h2>Reference log-probs</h2>
 * Taken from the sample when it carries them for the reference version in use (the stream
 * processors' enrichment); otherwise computed by the frozen reference model once per sample and
 * cached by sample id ({@link ReferenceLogpsSource}).
 */
public final class StreamingDpoTrainer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamingDpoTrainer.class);
  private static final String STAGE = "trainer.dpo";

  /**
   * What a run did.
   *
   * @param steps optimizer steps in total (including earlier runs of the same checkpoint)
   * @param samplesSeen samples trained on in total
   * @param skipped records consumed but not trained on
   * @param deadLetters records sent to the dead-letter topic in this run
   * @param lastVersion the last published version
   * @param referenceFromEvent samples whose reference log-probs came with the event (enriched by
   *     the stream processors with this run's reference version), in this run
   * @param referenceCacheHits samples whose reference log-probs came from the cache, in this run
   * @param referenceComputed samples whose reference log-probs were computed, in this run
   */
  public record Result(long steps, long samplesSeen, long skipped, long deadLetters,
      String lastVersion, long referenceFromEvent, long referenceCacheHits, long referenceComputed) {

    /** Samples whose reference log-probs were not computed (event or cache). */
    public long referenceHits() {
      return referenceFromEvent + referenceCacheHits;
    }
  }

  private final TrainerConfig config;
  private final Topics topics;
  private final BlobStore blobs;
  private final MedVlm reference;
  private final MedVlm policy;
  private final ModelVersion base;
  private final AdamW adam;
  private final LearningRateSchedule schedule;
  private final ReferenceLogpsSource referenceLogps;
  private final ImageCache images;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, ModelVersion> versionProducer;
  private final KafkaProducer<String, TrainingMetrics> metricsProducer;
  private final KafkaProducer<String, DeadLetter> dlqProducer;
  private final List<TopicPartition> partitions;
  private final Map<Integer, ArrayDeque<ConsumerRecord<String, byte[]>>> queues = new TreeMap<>();
  private final Map<Integer, Long> offsets = new TreeMap<>();
  private final Ledger ledger;
  private volatile boolean stopRequested;
  private long step;
  private long samplesSeen;
  private long skipped;
  private long deadLetters;
  private String lastVersion;
  private Map<String, Double> lastMetrics = Map.of();
  private Map<TopicPartition, Long> endOffsets = Map.of();
  private long endOffsetsAt;

  private StreamingDpoTrainer(TrainerConfig config, Topics topics, BlobStore blobs,
      ModelVersion base) throws IOException {
    this.config = config;
    this.topics = topics;
    this.blobs = blobs;
    this.base = base;
    this.images = new ImageCache(blobs, 4_096);
    byte[] baseArchive = blobs.get(base.getBlobUri());
    if (!org.mmedpo.common.blob.Sha256.hex(baseArchive).equals(base.getSha256())) {
      throw new IllegalStateException("base model archive does not match its SHA-256");
    }
    this.reference = MedVlm.load(baseArchive, config.device(), false);
    this.referenceLogps = new ReferenceLogpsSource(reference, base.getVersion(), 200_000);
    this.policy = MedVlm.load(baseArchive, config.device(), true);
    this.adam = new AdamW(config.dpoOptimizer(), policy.parameters(), policy.manager());
    this.schedule = config.dpoSchedule();
    this.lastVersion = base.getVersion();
    long ledgerLength = 0;
    Checkpoint checkpoint = Checkpoint.read(config.checkpointDir()).orElse(null);
    if (checkpoint != null) {
      if (!checkpoint.referenceVersion().equals(base.getVersion())) {
        throw new IllegalStateException("the checkpoint in " + config.checkpointDir()
            + " aligns base " + checkpoint.referenceVersion() + ", not " + base.getVersion()
            + "; use another trainer.run.id");
      }
      restore(checkpoint);
      ledgerLength = checkpoint.ledgerBytes();
      LOG.info("resuming run {} at step {} from {}", config.runId(), step,
          config.checkpointDir());
    }
    this.ledger = new Ledger(config.checkpointDir(), ledgerLength);
    Map<String, Object> consumerProps = KafkaClients.consumer(config, config.groupId());
    consumerProps.put("max.poll.records", 500);
    this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
        new ByteArrayDeserializer());
    String topic = topics.preferences().name();
    this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    consumer.assign(partitions);
    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
    for (TopicPartition tp : partitions) {
      long offset = offsets.getOrDefault(tp.partition(), beginnings.get(tp));
      offsets.put(tp.partition(), offset);
      consumer.seek(tp, offset);
      queues.put(tp.partition(), new ArrayDeque<>());
    }
    String client = "mmedpo-trainer-" + config.runId();
    this.versionProducer = new KafkaProducer<>(KafkaClients.producer(config, client + "-versions"),
        topics.modelVersions().keySerde().serializer(),
        topics.modelVersions().valueSerde().serializer());
    this.metricsProducer = new KafkaProducer<>(KafkaClients.producer(config, client + "-metrics"),
        topics.trainerMetrics().keySerde().serializer(),
        topics.trainerMetrics().valueSerde().serializer());
    this.dlqProducer = new KafkaProducer<>(KafkaClients.producer(config, client + "-dlq"),
        topics.dlq().keySerde().serializer(), topics.dlq().valueSerde().serializer());
  }

  /**
   * Opens a trainer: finds the base model on the model-versions topic, loads the reference and
   * the policy, and resumes from the run's checkpoint when there is one.
   *
   * @throws IllegalStateException when no BASE version (or not the configured one) is published
   */
  public static StreamingDpoTrainer open(TrainerConfig config) throws IOException {
    EventSerdes serdes = EventSerdes.create(config);
    Topics topics = Topics.create(config, serdes);
    BlobStore blobs = BlobStore.open(config.blobStoreUri());
    List<ModelVersion> versions = ModelVersions.readAll(config, topics.modelVersions());
    ModelVersion base = ModelVersions.base(versions, config.referenceVersion())
        .orElseThrow(() -> new IllegalStateException(config.referenceVersion().isBlank()
            ? "no BASE model version is published; run './mmedpo train --sft --from DIR' first"
            : "model version " + config.referenceVersion() + " is not published"));
    return new StreamingDpoTrainer(config, topics, blobs, base);
  }

  /** Asks {@link #run} to stop after the current step (with a final checkpoint). */
  public void stop() {
    stopRequested = true;
    consumer.wakeup();
  }

  /** Trains until stopped, {@code trainer.max.steps}, or {@code trainer.idle.exit.ms} idle. */
  public Result run() throws IOException {
    long lastCheckpointStep = step;
    long lastCheckpointAt = System.currentTimeMillis();
    long lastDataAt = System.currentTimeMillis();
    List<DpoPair> batch = new ArrayList<>();
    List<String> batchIds = new ArrayList<>();
    Map<Integer, Long> batchOffsets = new HashMap<>();
    int cursor = 0;
    long batchStartedAt = 0;
    try {
      while (!stopRequested && (config.maxSteps() == 0 || step < config.maxSteps())) {
        boolean needPoll = false;
        // Take records in the deterministic round-robin order until the batch is full.
        while (batch.size() < config.batchSize()) {
          Integer next = nextPartition(cursor);
          if (next == null) {
            needPoll = true;
            break;
          }
          ArrayDeque<ConsumerRecord<String, byte[]>> queue = queues.get(next);
          if (queue.isEmpty()) {
            needPoll = true;
            break;
          }
          ConsumerRecord<String, byte[]> record = queue.poll();
          cursor = next + 1;
          batchOffsets.put(next, record.offset() + 1);
          DpoPair pair = accept(record);
          if (pair != null) {
            if (batch.isEmpty()) {
              batchStartedAt = System.currentTimeMillis();
            }
            batch.add(pair);
            batchIds.add(pair.sampleId());
          }
        }
        boolean full = batch.size() >= config.batchSize();
        boolean waited = !batch.isEmpty()
            && System.currentTimeMillis() - batchStartedAt >= config.batchWaitMs();
        if (full || waited) {
          trainStep(batch, batchIds);
          offsets.putAll(batchOffsets);
          batch.clear();
          batchIds.clear();
          batchOffsets.clear();
          cursor = 0;
          if (step - lastCheckpointStep >= config.checkpointSteps()
              || System.currentTimeMillis() - lastCheckpointAt >= config.checkpointIntervalMs()) {
            checkpoint();
            lastCheckpointStep = step;
            lastCheckpointAt = System.currentTimeMillis();
          }
          continue;
        }
        if (needPoll) {
          int got = poll();
          if (got > 0) {
            lastDataAt = System.currentTimeMillis();
          } else if (config.idleExitMs() > 0 && batch.isEmpty()
              && System.currentTimeMillis() - lastDataAt >= config.idleExitMs()
              && allExhausted()) {
            LOG.info("no new preference sample for {} ms: stopping", config.idleExitMs());
            break;
          }
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // stop() was called while polling.
    }
    // A partial batch is not trained: its records stay unconsumed and come first next time.
    if (step > lastCheckpointStep || lastCheckpointStep == 0) {
      checkpoint();
    }
    return new Result(step, samplesSeen, skipped, deadLetters, lastVersion,
        referenceLogps.fromEvent(), referenceLogps.cacheHits(), referenceLogps.computed());
  }

  /** The next partition at or after {@code cursor} (wrapping) that has or may have records. */
  private Integer nextPartition(int cursor) {
    int n = partitions.size();
    for (int k = 0; k < n; k++) {
      TopicPartition tp = partitions.get((cursor + k) % n);
      if (!queues.get(tp.partition()).isEmpty() || !exhausted(tp)) {
        return tp.partition();
      }
    }
    return null;
  }

  private boolean exhausted(TopicPartition tp) {
    if (System.currentTimeMillis() - endOffsetsAt > 200) {
      endOffsets = consumer.endOffsets(partitions);
      endOffsetsAt = System.currentTimeMillis();
    }
    return consumer.position(tp) >= endOffsets.getOrDefault(tp, 0L);
  }

  private boolean allExhausted() {
    endOffsetsAt = 0;
    return partitions.stream().allMatch(tp -> queues.get(tp.partition()).isEmpty()
        && exhausted(tp));
  }

  private int poll() {
    int n = 0;
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
      queues.get(r.partition()).add(r);
      n++;
    }
    return n;
  }

  /** The pair of {@code record}, or null when it is skipped (ablation) or dead-lettered. */
  private DpoPair accept(ConsumerRecord<String, byte[]> record) {
    PreferenceSample sample;
    try {
      sample = topics.preferences().valueSerde().deserializer()
          .deserialize(record.topic(), record.value());
      if (sample == null) {
        throw new IllegalArgumentException("empty record value");
      }
    } catch (RuntimeException e) {
      deadLetter(record, "undecodable preference sample", e);
      return null;
    }
    TrainerConfig.Samples which = config.samples();
    if ((which == TrainerConfig.Samples.TEXT
        && sample.getKind() != DispreferenceKind.TEXT_HALLUCINATION)
        || (which == TrainerConfig.Samples.IMAGE
        && sample.getKind() != DispreferenceKind.LESION_NEGLECT)) {
      skipped++;
      return null;
    }
    try {
      if (!Double.isFinite(sample.getWeight()) || sample.getWeight() < 0) {
        throw new IllegalArgumentException("weight " + sample.getWeight() + " is not a finite "
            + "non-negative number");
      }
      float[] chosenImage = images.get(sample.getChosenImage(), policy);
      float[] rejectedImage = images.get(sample.getRejectedImage(), policy);
      VlmSample chosen = new VlmSample(chosenImage, sample.getPrompt(), sample.getChosenText());
      VlmSample rejected = new VlmSample(rejectedImage, sample.getPrompt(),
          sample.getRejectedText());
      double[] ref = referenceLogps.of(sample, chosen, rejected);
      double weight = config.weightsEnabled() ? sample.getWeight() : 1.0;
      return new DpoPair(sample.getSampleId(), sample.getKind(), chosen, rejected, weight,
          ref[0], ref[1]);
    } catch (IllegalArgumentException e) {
      deadLetter(record, e.getMessage().split(":")[0], e);
      return null;
    }
  }

  private void trainStep(List<DpoPair> batch, List<String> ids) throws IOException {
    long started = System.nanoTime();
    double lr = schedule.at(step + 1);
    DpoStep.Stats s = DpoStep.run(policy, adam, batch, config.beta(), lr, config.gradClip());
    step++;
    samplesSeen += batch.size();
    ledger.append(step, ids);
    double seconds = (System.nanoTime() - started) / 1e9;
    long lag = lag();
    TrainingMetrics metrics = TrainingMetrics.newBuilder()
        .setRunId(config.runId()).setStep(step).setModelVersion(lastVersion)
        .setSamplesSeen(samplesSeen).setBatchSize(batch.size())
        .setTextSamples(s.textSamples()).setImageSamples(s.imageSamples())
        .setLoss(s.loss()).setRewardsChosen(s.rewardsChosen())
        .setRewardsRejected(s.rewardsRejected()).setRewardsMargins(s.rewardsMargins())
        .setRewardsAccuracies(s.rewardsAccuracies()).setWeightedMargin(s.weightedMargin())
        .setLogpsChosen(s.logpsChosen()).setLogpsRejected(s.logpsRejected())
        .setGradNorm(s.gradNorm()).setLearningRate(lr).setWeightMean(s.weightMean())
        .setWeightMin(s.weightMin()).setWeightMax(s.weightMax())
        .setSamplesPerSecond(batch.size() / seconds).setConsumerLag(lag)
        .setTimestamp(Instant.now()).build();
    metricsProducer.send(new ProducerRecord<>(topics.trainerMetrics().name(), config.runId(),
        metrics));
    Map<String, Double> named = new TreeMap<>();
    named.put("loss", s.loss());
    named.put("rewards/chosen", s.rewardsChosen());
    named.put("rewards/rejected", s.rewardsRejected());
    named.put("rewards/margins", s.rewardsMargins());
    named.put("rewards/accuracies", s.rewardsAccuracies());
    named.put("logps/chosen", s.logpsChosen());
    named.put("logps/rejected", s.logpsRejected());
    named.put("grad_norm", s.gradNorm());
    named.put("learning_rate", lr);
    lastMetrics = named;
    LOG.debug("step {} loss {} margin {} acc {} lr {}", step, s.loss(), s.rewardsMargins(),
        s.rewardsAccuracies(), lr);
  }

  private long lag() {
    long lag = 0;
    for (TopicPartition tp : partitions) {
      lag += queues.get(tp.partition()).size();
      lag += consumer.currentLag(tp).orElse(0L);
    }
    return lag;
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, String reason, Exception e) {
    LOG.warn("preference sample at {}-{}@{} goes to the dead-letter topic: {}", record.topic(),
        record.partition(), record.offset(), e.getMessage());
    DeadLetter letter = DeadLetters.forRecord(STAGE, reason, e, record.topic(),
        record.partition(), record.offset(),
        record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        record.value());
    dlqProducer.send(new ProducerRecord<>(topics.dlq().name(), null, null, record.key(), letter,
        DeadLetters.headers(letter)));
    deadLetters++;
    skipped++;
  }

  /** Forces the ledger, writes the checkpoint, commits offsets, publishes a model version. */
  private void checkpoint() throws IOException {
    long ledgerLength = ledger.sync();
    String version = step == 0 ? base.getVersion() : config.runId() + "-step-" + step;
    String parent = lastVersion;
    ByteArrayOutputStream opt = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(opt)) {
      adam.save(out);
    }
    Checkpoint checkpoint = new Checkpoint(base.getVersion(), step, samplesSeen, skipped,
        ledgerLength, version, offsets, policy.parameterBytes(), opt.toByteArray());
    checkpoint.write(config.checkpointDir());
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    for (TopicPartition tp : partitions) {
      commit.put(tp, new OffsetAndMetadata(offsets.get(tp.partition())));
    }
    consumer.commitSync(commit);
    if (step > 0 && !version.equals(lastVersion)) {
      publish(version, parent);
    }
    metricsProducer.flush();
    dlqProducer.flush();
    LOG.info("checkpoint at step {} ({} samples, {} skipped), version {}", step, samplesSeen,
        skipped, lastVersion);
  }

  private void publish(String version, String parent) {
    Map<String, String> recipe = recipe();
    byte[] archive = policy.toArchive(new ArchiveMetadata(ArchiveMetadata.DEFAULT_MODEL_NAME,
        version, parent, ModelKind.ALIGNED.name(), step, samplesSeen, recipe));
    ModelVersion mv = ModelVersions.stored(blobs, archive)
        .setVersion(version).setParent(parent).setModelName(ArchiveMetadata.DEFAULT_MODEL_NAME)
        .setKind(ModelKind.ALIGNED).setSamplesSeen(samplesSeen).setSteps(step)
        .setMetrics(new HashMap<>(lastMetrics)).setRecipe(new HashMap<>(recipe))
        .setCreatedAt(Instant.now()).build();
    ModelVersions.publish(versionProducer, topics.modelVersions(), mv);
    lastVersion = version;
  }

  private Map<String, String> recipe() {
    Map<String, String> r = new TreeMap<>();
    r.put("method", "weighted-dpo");
    r.put("base", base.getVersion());
    r.put("beta", Double.toString(config.beta()));
    r.put("batch_size", Integer.toString(config.batchSize()));
    r.put("learning_rate", Double.toString(schedule.peak()));
    r.put("schedule", schedule.totalSteps() > 0 ? "cosine" : "constant");
    r.put("warmup_steps", Integer.toString(schedule.warmupSteps()));
    r.put("grad_clip", Double.toString(config.gradClip()));
    r.put("weights", Boolean.toString(config.weightsEnabled()));
    r.put("samples", config.samples().name().toLowerCase(java.util.Locale.ROOT));
    r.put("run_id", config.runId());
    return r;
  }

  private void restore(Checkpoint c) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(c.parameters()))) {
      ParameterIo.readParameters(in, policy.parameters());
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(c.optimizer()))) {
      adam.load(in);
    }
    step = c.step();
    samplesSeen = c.samplesSeen();
    skipped = c.skipped();
    lastVersion = c.lastVersion();
    offsets.putAll(c.offsets());
  }

  /** The policy being trained (for tests and benchmarks). */
  public MedVlm policy() {
    return policy;
  }

  @Override
  public void close() {
    try {
      ledger.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      consumer.close();
      versionProducer.close();
      metricsProducer.close();
      dlqProducer.close();
      adam.close();
      policy.close();
      reference.close();
      blobs.close();
    }
  }

  /**
   * Runs the trainer with {@code key=value} settings (for child processes in tests; the CLI's
   * {@code train} command is the user's entry point). Never calls System.exit.
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      flags.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    TrainerConfig config = new TrainerConfig(
        org.mmedpo.common.config.ConfigSources.ofFlags(flags)).applyEngineSettings();
    try (StreamingDpoTrainer trainer = open(config)) {
      Result result = trainer.run();
      LOG.info("trainer finished: {}", result);
    }
  }
}
