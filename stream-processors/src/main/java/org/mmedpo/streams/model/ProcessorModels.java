package org.mmedpo.streams.model;

import ai.djl.Device;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.model.EngineSettings;
import org.mmedpo.model.live.LiveModel;
import org.mmedpo.streams.StreamsAppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live models of one processors instance: the newest published version (target-model
 * sampling, saliency) and the newest BASE version (the frozen DPO reference for log-prob
 * enrichment; the configured {@code reference.version} when one is set). Only the followers the configuration needs are started; each loads versions on its
 * own thread, so a stream thread never waits for a model to arrive: until one has, the parts
 * that need it fall back or pass records through.
 */
public final class ProcessorModels implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorModels.class);

  private final LiveModel latest;
  private final LiveModel base;

  private ProcessorModels(LiveModel latest, LiveModel base) {
    this.latest = latest;
    this.base = base;
  }

  /** No models: for configurations without model-backed parts. */
  public static ProcessorModels none() {
    return new ProcessorModels(null, null);
  }

  /**
   * Models fed by the caller ({@link LiveModel#offer}), e.g. in tests; either may be null. They
   * are closed with this object.
   */
  public static ProcessorModels of(LiveModel latest, LiveModel base) {
    return new ProcessorModels(latest, base);
  }

  /**
   * Follows {@code topic} with the followers {@code config} needs (none when no model-backed part
   * is configured). PyTorch gets one intra-op thread unless the JVM says otherwise: the stream
   * threads are the parallelism, and OpenMP workers stall on shared cores.
   */
  public static ProcessorModels follow(StreamsAppConfig config, Topic<ModelVersion> topic, BlobStore blobs) {
    boolean needLatest = config.usesLatestModel();
    boolean needBase = config.referenceEnrichment();
    if (!needLatest && !needBase) {
      return none();
    }
    EngineSettings.threads(1);
    LOG.info("model-backed parts on: following {}{} on {}", needLatest ? "the newest version" : "",
        needBase ? (needLatest ? " and " : "") + "the reference BASE version "
            + (config.referenceVersion().isEmpty() ? "(newest)" : config.referenceVersion()) : "",
        topic.name());
    LiveModel latest = needLatest
        ? LiveModel.follow(config, topic, blobs, Device.cpu(), LiveModel.Follow.LATEST) : null;
    LiveModel base = needBase
        ? LiveModel.follow(config, topic, blobs, Device.cpu(), LiveModel.Follow.BASE,
            config.referenceVersion()) : null;
    return new ProcessorModels(latest, base);
  }

  /**
   * The newest published version.
   *
   * @throws IllegalStateException when this instance does not follow it
   */
  public LiveModel latest() {
    if (latest == null) {
      throw new IllegalStateException("the processors were started without the latest model");
    }
    return latest;
  }

  /**
   * The BASE version of {@code reference.version} (the newest BASE when that is empty).
   *
   * @throws IllegalStateException when this instance does not follow it
   */
  public LiveModel base() {
    if (base == null) {
      throw new IllegalStateException("the processors were started without the base model");
    }
    return base;
  }

  /** True when this instance follows the newest published version. */
  public boolean followsLatest() {
    return latest != null;
  }

  /** True when this instance follows the reference BASE version. */
  public boolean followsBase() {
    return base != null;
  }

  @Override
  public void close() {
    if (latest != null) {
      latest.close();
    }
    if (base != null) {
      base.close();
    }
  }
}
