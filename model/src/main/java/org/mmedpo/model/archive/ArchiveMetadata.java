package org.mmedpo.model.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model archive says about itself.
 *
 * @param modelName model family, e.g. mmedpo-cxr-tiny
 * @param version version identifier (the ModelVersion key)
 * @param parent the version it was trained from, or null for a base model
 * @param kind BASE or ALIGNED
 * @param steps optimizer steps behind it
 * @param samplesSeen training samples behind it (preference samples for ALIGNED models)
 * @param recipe training settings that produced it
 */
public record ArchiveMetadata(
    @JsonProperty("modelName") String modelName,
    @JsonProperty("version") String version,
    @JsonProperty("parent") String parent,
    @JsonProperty("kind") String kind,
    @JsonProperty("steps") long steps,
    @JsonProperty("samplesSeen") long samplesSeen,
    @JsonProperty("recipe") Map<String, String> recipe) {

  public static final String DEFAULT_MODEL_NAME = "mmedpo-cxr-tiny";

  public ArchiveMetadata {
    recipe = recipe == null ? Map.of() : new TreeMap<>(recipe);
  }

  /** Metadata of a model that has not been trained or published. */
  public static ArchiveMetadata untrained() {
    return new ArchiveMetadata(DEFAULT_MODEL_NAME, "untrained", null, "UNKNOWN", 0, 0, Map.of());
  }
}
