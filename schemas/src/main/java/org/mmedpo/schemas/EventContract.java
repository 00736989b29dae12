package org.mmedpo.schemas;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.mmedpo.events.ClinicalScore;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.TrainingMetrics;

/**
 * The topics of the pipeline and the Avro type of their values. Keys are UTF-8 strings on every
 * topic. Names carry a version; a breaking change means a new topic, not a new schema.
 */
public enum EventContract {
  PAIRS("mmedpo.pairs.v1", ImageReportPair.class, ImageReportPair.getClassSchema(), false,
      "De-identified image-report pairs from ingest, keyed by study pseudonym."),
  VARIANTS("mmedpo.variants.v1", DispreferredVariant.class, DispreferredVariant.getClassSchema(),
      false, "Dispreferred variants (hallucinated text, lesion-noised image), keyed by study pseudonym."),
  SCORES("mmedpo.scores.v1", ClinicalScore.class, ClinicalScore.getClassSchema(), false,
      "Clinical relevance scores of variants, keyed by study pseudonym."),
  PREFERENCES("mmedpo.preferences.v1", PreferenceSample.class, PreferenceSample.getClassSchema(),
      false, "Weighted preference samples for the trainer, keyed by study pseudonym."),
  MODEL_VERSIONS("mmedpo.model-versions.v1", ModelVersion.class, ModelVersion.getClassSchema(),
      true, "Published model versions, compacted, keyed by version."),
  TRAINER_METRICS("mmedpo.trainer-metrics.v1", TrainingMetrics.class,
      TrainingMetrics.getClassSchema(), false, "Per-step training metrics, keyed by run id."),
  DLQ("mmedpo.dlq.v1", DeadLetter.class, DeadLetter.getClassSchema(), false,
      "Dead letters of every stage with their reason, keyed by the failed record's key or file.");

  private final String defaultName;
  private final Class<? extends SpecificRecord> valueType;
  private final Schema valueSchema;
  private final boolean compacted;
  private final String description;

  EventContract(String defaultName, Class<? extends SpecificRecord> valueType, Schema valueSchema,
      boolean compacted, String description) {
    this.defaultName = defaultName;
    this.valueType = valueType;
    this.valueSchema = valueSchema;
    this.compacted = compacted;
    this.description = description;
  }

  /** The topic name of the contract; deployments may prefix it (see the topic configuration). */
  public String defaultName() {
    return defaultName;
  }

  /** The generated Avro class of the values. */
  public Class<? extends SpecificRecord> valueType() {
    return valueType;
  }

  /** The Avro schema of the values. */
  public Schema valueSchema() {
    return valueSchema;
  }

  /** True for topics that keep only the latest value per key ({@code cleanup.policy=compact}). */
  public boolean compacted() {
    return compacted;
  }

  /** One line on what the topic carries. */
  public String description() {
    return description;
  }

  /** The schema-registry subject of the values of a topic: {@code <topic>-value}. */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }
}
