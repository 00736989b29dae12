package org.mmedpo.model.live;

import ai.djl.Device;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.Sha256;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.model.MedVlm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current model for a consumer of models (the hallucination generator, the saliency
 * localizer, evaluation, the dashboard): follows {@code mmedpo.model-versions.v1} from its
 * beginning and swaps in each newer version that matches {@link Follow}, loaded frozen from the
 * blob store after checking the archive's SHA-256. Callers use the model inside {@link
 * #withModel}; a swap waits for running calls and closes the old model afterwards, so no caller
 * ever sees a closed model.
 */
public final class LiveModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveModel.class);

  /** Which versions to follow. */
  public enum Follow {
    /** The newest version of any kind (aligned models as they are published). */
    LATEST,
    /** The newest BASE version (the frozen DPO reference). */
    BASE
  }

  private final BlobStore blobs;
  private final Device device;
  private final Follow follow;
  private final String onlyVersion;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final CountDownLatch first = new CountDownLatch(1);
  private MedVlm model;
  private ModelVersion version;
  private KafkaConsumer<String, ModelVersion> consumer;
  private Thread thread;
  private volatile boolean closed;

  /** A holder fed by {@link #offer}; {@link #follow} adds the Kafka consumer. */
  public LiveModel(BlobStore blobs, Device device, Follow follow) {
    this(blobs, device, follow, "");
  }

  /**
   * A holder fed by {@link #offer} that serves only version {@code onlyVersion} (when not empty),
   * e.g. the configured DPO reference; an empty string serves the newest that matches
   * {@code follow}.
   */
  public LiveModel(BlobStore blobs, Device device, Follow follow, String onlyVersion) {
    this.blobs = blobs;
    this.device = device;
    this.follow = follow;
    this.onlyVersion = onlyVersion == null ? "" : onlyVersion;
  }

  /**
   * Starts following {@code topic} on a daemon thread.
   *
   * @param config where Kafka is
   * @param topic the model-versions topic ({@code Topics.modelVersions()})
   */
  public static LiveModel follow(AppConfig config, Topic<ModelVersion> topic, BlobStore blobs,
      Device device, Follow follow) {
    return follow(config, topic, blobs, device, follow, "");
  }

  /**
   * Starts following {@code topic} on a daemon thread, serving only version {@code onlyVersion}
   * when it is not empty (see {@link #LiveModel(BlobStore, Device, Follow, String)}).
   */
  public static LiveModel follow(AppConfig config, Topic<ModelVersion> topic, BlobStore blobs,
      Device device, Follow follow, String onlyVersion) {
    LiveModel live = new LiveModel(blobs, device, follow, onlyVersion);
    Map<String, Object> props = KafkaClients.consumer(config, null);
    live.consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
        topic.valueSerde().deserializer());
    List<TopicPartition> partitions = live.consumer.partitionsFor(topic.name()).stream()
        .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
    live.consumer.assign(partitions);
    live.consumer.seekToBeginning(partitions);
    live.thread = new Thread(live::run, "live-model-" + topic.name());
    live.thread.setDaemon(true);
    live.thread.start();
    return live;
  }

  private void run() {
    try {
      while (!closed) {
        ConsumerRecords<String, ModelVersion> records = consumer.poll(Duration.ofMillis(500));
        ModelVersion newest = null;
        for (ConsumerRecord<String, ModelVersion> r : records) {
          if (r.value() != null && matches(r.value())
              && (newest == null || isNewer(r.value(), newest))) {
            newest = r.value();
          }
        }
        if (newest != null) {
          try {
            offer(newest);
          } catch (RuntimeException e) {
            LOG.error("cannot load model version {}: {}", newest.getVersion(), e.getMessage(), e);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private boolean matches(ModelVersion v) {
    return (follow == Follow.LATEST || v.getKind() == ModelKind.BASE)
        && (onlyVersion.isEmpty() || onlyVersion.equals(v.getVersion()));
  }

  private static boolean isNewer(ModelVersion a, ModelVersion b) {
    return a.getCreatedAt().isAfter(b.getCreatedAt())
        || (a.getCreatedAt().equals(b.getCreatedAt()) && a.getSteps() > b.getSteps());
  }

  /**
   * Swaps to {@code candidate} when it matches and is newer than the current version.
   *
   * @return true when the model was swapped
   * @throws IllegalStateException when the archive's SHA-256 differs from the event's
   */
  public boolean offer(ModelVersion candidate) {
    ModelVersion current;
    lock.readLock().lock();
    try {
      current = version;
    } finally {
      lock.readLock().unlock();
    }
    if (!matches(candidate) || (current != null && !isNewer(candidate, current))) {
      return false;
    }
    byte[] bytes = blobs.get(candidate.getBlobUri());
    String sha = Sha256.hex(bytes);
    if (!sha.equals(candidate.getSha256())) {
      throw new IllegalStateException("model archive of " + candidate.getVersion()
          + " has SHA-256 " + sha + ", the event says " + candidate.getSha256());
    }
    MedVlm loaded = MedVlm.load(bytes, device, false);
    MedVlm old;
    lock.writeLock().lock();
    try {
      old = model;
      model = loaded;
      version = candidate;
    } finally {
      lock.writeLock().unlock();
    }
    if (old != null) {
      old.close();
    }
    first.countDown();
    LOG.info("now serving model version {} ({})", candidate.getVersion(), candidate.getKind());
    return true;
  }

  /**
   * Runs {@code work} with the current model; the model is not swapped out meanwhile.
   *
   * @throws IllegalStateException when no version has arrived yet
   */
  public <T> T withModel(Function<MedVlm, T> work) {
    lock.readLock().lock();
    try {
      if (model == null) {
        throw new IllegalStateException("no model version has been published yet");
      }
      return work.apply(model);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The version being served, if any. */
  public Optional<ModelVersion> currentVersion() {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(version);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits until a first version is served; true when one is. */
  public boolean awaitFirst(Duration timeout) throws InterruptedException {
    return first.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    if (consumer != null) {
      consumer.wakeup();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.writeLock().lock();
    try {
      if (model != null) {
        model.close();
        model = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
