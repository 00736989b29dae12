package org.mmedpo.trainer.sft;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.Sha256;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.VqaItem;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.archive.ArchiveMetadata;
import org.mmedpo.model.text.Tokenizer;
import org.mmedpo.trainer.TrainerConfig;
import org.mmedpo.trainer.data.ExportStudy;
import org.mmedpo.trainer.data.TrainingExample;
import org.mmedpo.trainer.data.TrainingExamples;
import org.mmedpo.trainer.stream.ModelVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./mmedpo train --sft}: builds the tokenizer from the training split, trains a fresh model
 * with {@link SftTrainer}, measures closed-question accuracy on the validation split, stores the
 * archive and returns the BASE {@link ModelVersion} to publish.
 *
 * <p>Cache: the base is keyed by the SHA-256 of the export's content (study ids, texts, VQA and
 * pixels) and of every {@code model.*} and {@code sft.*} setting. A second run with the same
 * export and settings finds {@code <data.dir>/sft-cache/<key>.json}, checks the archive is still
 * in the blob store, and returns the same version without training.
 */
public final class SftWarmStart {

  private static final Logger LOG = LoggerFactory.getLogger(SftWarmStart.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the warm start produced.
   *
   * @param version the BASE version (to publish)
   * @param cached true when it came from the cache
   * @param closedAccuracy greedy closed-question accuracy on the validation split
   * @param majorityRate share of the most common closed answer on the validation split
   * @param closedQuestions closed questions in the validation split
   * @param trainExamples training examples
   * @param validationExamples validation examples
   * @param parameters model parameters
   * @param seconds SFT training time, in seconds (of the run that trained it)
   * @param epochs epochs run
   * @param stoppedBy why training stopped
   */
  public record Outcome(ModelVersion version, boolean cached, double closedAccuracy,
      double majorityRate, int closedQuestions, int trainExamples, int validationExamples,
      long parameters, double seconds, int epochs, String stoppedBy) {}

  private SftWarmStart() {}

  /** Trains (or finds in the cache) the base model of {@code studies}. */
  public static Outcome run(TrainerConfig config, List<ExportStudy> studies, BlobStore blobs,
      boolean useCache) throws IOException {
    return run(config, studies, blobs, useCache, () -> false);
  }

  /**
   * Trains (or finds in the cache) the base model of {@code studies}, giving up when
   * {@code stop} turns true.
   *
   * @throws java.util.concurrent.CancellationException when stopped before the base was done
   *     (nothing is published or cached)
   */
  public static Outcome run(TrainerConfig config, List<ExportStudy> studies, BlobStore blobs,
      boolean useCache, BooleanSupplier stop) throws IOException {
    String key = cacheKey(config, studies);
    Path cacheFile = config.dataDir().resolve("sft-cache").resolve(key + ".json");
    if (useCache && Files.exists(cacheFile)) {
      Outcome hit = fromCache(cacheFile, blobs);
      if (hit != null) {
        LOG.info("SFT cache hit {}: reusing base {}", key.substring(0, 12),
            hit.version().getVersion());
        return hit;
      }
    }
    int percent = config.getInt(TrainerConfig.SFT_VALIDATION_PERCENT);
    List<TrainingExample> all = TrainingExamples.of(studies);
    List<TrainingExample> train = TrainingExamples.train(all, percent);
    List<TrainingExample> validation = TrainingExamples.validation(all, percent);
    if (train.isEmpty() || validation.isEmpty()) {
      throw new IllegalArgumentException("the export has too few studies for a train and a "
          + "validation split (" + studies.size() + " studies)");
    }
    Tokenizer tokenizer = Tokenizer.build(train.stream()
        .flatMap(e -> Stream.of(e.prompt(), e.response())).toList(), 1);
    SftTrainer.Settings settings = new SftTrainer.Settings(
        config.getInt(TrainerConfig.SFT_EPOCHS), config.getInt(TrainerConfig.SFT_BATCH_SIZE),
        config.getDouble(TrainerConfig.SFT_LEARNING_RATE),
        config.getInt(TrainerConfig.SFT_WARMUP_STEPS), config.getInt(TrainerConfig.SFT_PATIENCE),
        config.getInt(TrainerConfig.SFT_MAX_SECONDS), config.getLong(TrainerConfig.SFT_SHUFFLE_SEED));
    try (MedVlm model = MedVlm.create(config.modelConfig(), tokenizer, config.device())) {
      LOG.info("SFT of a {}-parameter model on {} examples ({} validation), vocabulary {}",
          model.parameterCount(), train.size(), validation.size(), tokenizer.size());
      SftTrainer.Result result = new SftTrainer(settings).train(model, train, validation, stop);
      double[] acc = SftTrainer.closedAccuracy(model, validation);
      String version = "base-" + key.substring(0, 12);
      Map<String, String> recipe = new TreeMap<>();
      config.effectiveValues().forEach((k, v) -> {
        if (k.startsWith("sft.") || k.startsWith("model.")) {
          recipe.put(k, String.valueOf(v));
        }
      });
      recipe.put("method", "sft");
      recipe.put("cache_key", key);
      byte[] archive = model.toArchive(new ArchiveMetadata(ArchiveMetadata.DEFAULT_MODEL_NAME,
          version, null, ModelKind.BASE.name(), result.steps(), train.size(), recipe));
      Map<String, Double> evaluation = new HashMap<>();
      evaluation.put("closed_accuracy", acc[0]);
      evaluation.put("closed_majority_rate", acc[1]);
      evaluation.put("validation_loss", result.bestValidationLoss());
      ModelVersion mv = ModelVersions.stored(blobs, archive).setVersion(version)
          .setModelName(ArchiveMetadata.DEFAULT_MODEL_NAME).setKind(ModelKind.BASE)
          .setSamplesSeen(0).setSteps(result.steps()).setEvaluation(evaluation)
          .setRecipe(new HashMap<>(recipe)).setCreatedAt(Instant.now()).build();
      Outcome outcome = new Outcome(mv, false, acc[0], acc[1], (int) acc[2], train.size(),
          validation.size(), model.parameterCount(), result.seconds(), result.epochs(),
          result.stoppedBy());
      Files.createDirectories(cacheFile.getParent());
      Map<String, Object> entry = new TreeMap<>();
      entry.put("version", version);
      entry.put("blobUri", mv.getBlobUri());
      entry.put("sha256", mv.getSha256());
      entry.put("sizeBytes", mv.getSizeBytes());
      entry.put("steps", result.steps());
      entry.put("closedAccuracy", acc[0]);
      entry.put("majorityRate", acc[1]);
      entry.put("closedQuestions", (int) acc[2]);
      entry.put("trainExamples", train.size());
      entry.put("validationExamples", validation.size());
      entry.put("parameters", model.parameterCount());
      entry.put("seconds", result.seconds());
      entry.put("epochs", result.epochs());
      entry.put("stoppedBy", result.stoppedBy());
      entry.put("recipe", recipe);
      entry.put("evaluation", evaluation);
      Files.writeString(cacheFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(entry));
      return outcome;
    }
  }

  @SuppressWarnings("unchecked")
  private static Outcome fromCache(Path file, BlobStore blobs) throws IOException {
    Map<String, Object> e = JSON.readValue(file.toFile(), Map.class);
    String sha = (String) e.get("sha256");
    if (!blobs.contains(sha)) {
      LOG.warn("SFT cache entry {} names a missing archive: training again", file);
      return null;
    }
    Map<String, Double> evaluation = new HashMap<>();
    ((Map<String, Object>) e.get("evaluation")).forEach((k, v) ->
        evaluation.put(k, ((Number) v).doubleValue()));
    ModelVersion mv = ModelVersion.newBuilder().setVersion((String) e.get("version"))
        .setModelName(ArchiveMetadata.DEFAULT_MODEL_NAME).setKind(ModelKind.BASE)
        .setBlobUri((String) e.get("blobUri")).setSha256(sha)
        .setSizeBytes(((Number) e.get("sizeBytes")).longValue()).setSamplesSeen(0)
        .setSteps(((Number) e.get("steps")).longValue()).setEvaluation(evaluation)
        .setRecipe(new HashMap<>((Map<String, String>) e.get("recipe")))
        .setCreatedAt(Instant.now()).build();
    return new Outcome(mv, true, ((Number) e.get("closedAccuracy")).doubleValue(),
        ((Number) e.get("majorityRate")).doubleValue(),
        ((Number) e.get("closedQuestions")).intValue(),
        ((Number) e.get("trainExamples")).intValue(),
        ((Number) e.get("validationExamples")).intValue(),
        ((Number) e.get("parameters")).longValue(), ((Number) e.get("seconds")).doubleValue(),
        ((Number) e.get("epochs")).intValue(), (String) e.get("stoppedBy"));
  }

  /** SHA-256 over the export's content and the settings that shape the base model. */
  public static String cacheKey(TrainerConfig config, List<ExportStudy> studies) {
    MessageDigest digest = Sha256.digest();
    config.effectiveValues().forEach((k, v) -> {
      if (k.startsWith("sft.") || k.startsWith("model.") || k.equals(TrainerConfig.DEVICE)) {
        digest.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8));
      }
    });
    for (ExportStudy s : studies) {
      digest.update((s.studyId() + "\n" + s.findings() + "\n" + s.impression() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      for (VqaItem item : s.vqa()) {
        digest.update((item.getItemId() + "|" + item.getQuestion() + "|" + item.getAnswer() + "|"
            + item.getAnswerType() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      int[] px = s.image().pixels();
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(px.length * 4 + 12);
      buffer.putInt(s.image().width()).putInt(s.image().height()).putInt(s.image().bits());
      buffer.asIntBuffer().put(px);
      digest.update(buffer.array());
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }
}
