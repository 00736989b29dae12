package org.mmedpo.common.kafka;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.events.ClinicalScore;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.TrainingMetrics;
import org.mmedpo.schemas.EventContract;

/** The pipeline's topics, named from configuration ({@code topic.prefix}) with their serdes. */
public final class Topics {

  private final Map<EventContract, Topic<?>> topics = new EnumMap<>(EventContract.class);

  public Topics(String prefix, EventSerdes serdes) {
    for (EventContract contract : EventContract.values()) {
      topics.put(contract,
          new Topic<>(prefix + contract.defaultName(), contract, serdes.valueSerde(contract)));
    }
  }

  public static Topics create(AppConfig config, EventSerdes serdes) {
    return new Topics(config.topicPrefix(), serdes);
  }

  @SuppressWarnings("unchecked")
  private <V> Topic<V> get(EventContract contract) {
    return (Topic<V>) topics.get(contract);
  }

  public Topic<ImageReportPair> pairs() {
    return get(EventContract.PAIRS);
  }

  public Topic<DispreferredVariant> variants() {
    return get(EventContract.VARIANTS);
  }

  public Topic<ClinicalScore> scores() {
    return get(EventContract.SCORES);
  }

  public Topic<PreferenceSample> preferences() {
    return get(EventContract.PREFERENCES);
  }

  public Topic<ModelVersion> modelVersions() {
    return get(EventContract.MODEL_VERSIONS);
  }

  public Topic<TrainingMetrics> trainerMetrics() {
    return get(EventContract.TRAINER_METRICS);
  }

  public Topic<DeadLetter> dlq() {
    return get(EventContract.DLQ);
  }

  /** The topic of {@code contract}. */
  public Topic<?> of(EventContract contract) {
    return topics.get(contract);
  }

  /** Every topic, in contract order. */
  public List<Topic<?>> all() {
    return List.copyOf(topics.values());
  }
}
