package org.mmedpo.trainer;

import ai.djl.Device;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.model.ModelConfig;

/**
 * Configuration of {@code ./mmedpo train} and {@code ./mmedpo eval}: the model's shape, the SFT
 * warm start, the streaming weighted-DPO trainer (MMEDPO.md section 3), checkpoints and
 * evaluation decoding. Every key has a type, a default, validation and a doc string.
 */
public final class TrainerConfig extends AppConfig {

  // Model shape (used when a base model is trained from scratch).
  public static final String MODEL_IMAGE_SIZE = "model.image.size";
  public static final String MODEL_PATCH_SIZE = "model.patch.size";
  public static final String MODEL_VISION_WIDTH = "model.vision.width";
  public static final String MODEL_VISION_LAYERS = "model.vision.layers";
  public static final String MODEL_WIDTH = "model.width";
  public static final String MODEL_LAYERS = "model.layers";
  public static final String MODEL_HEADS = "model.heads";
  public static final String MODEL_MLP_RATIO = "model.mlp.ratio";
  public static final String MODEL_MAX_TEXT_TOKENS = "model.max.text.tokens";
  public static final String MODEL_SEED = "model.seed";
  public static final String DEVICE = "trainer.device";
  public static final String THREADS = "trainer.threads";

  // SFT warm start.
  public static final String SFT_EPOCHS = "sft.epochs";
  public static final String SFT_BATCH_SIZE = "sft.batch.size";
  public static final String SFT_LEARNING_RATE = "sft.learning.rate";
  public static final String SFT_WARMUP_STEPS = "sft.warmup.steps";
  public static final String SFT_PATIENCE = "sft.patience";
  public static final String SFT_VALIDATION_PERCENT = "sft.validation.percent";
  public static final String SFT_MAX_SECONDS = "sft.max.seconds";
  public static final String SFT_SHUFFLE_SEED = "sft.shuffle.seed";

  // Streaming weighted DPO.
  public static final String BETA = "trainer.beta";
  public static final String BATCH_SIZE = "trainer.batch.size";
  public static final String BATCH_WAIT_MS = "trainer.batch.wait.ms";
  public static final String LEARNING_RATE = "trainer.learning.rate";
  public static final String MIN_LEARNING_RATE = "trainer.min.learning.rate";
  public static final String WEIGHT_DECAY = "trainer.weight.decay";
  public static final String ADAM_BETA1 = "trainer.adam.beta1";
  public static final String ADAM_BETA2 = "trainer.adam.beta2";
  public static final String ADAM_EPSILON = "trainer.adam.epsilon";
  public static final String WARMUP_STEPS = "trainer.warmup.steps";
  public static final String SCHEDULE = "trainer.schedule";
  public static final String SCHEDULE_STEPS = "trainer.schedule.steps";
  public static final String GRAD_CLIP = "trainer.grad.clip";
  public static final String WEIGHTS_ENABLED = "trainer.weights.enabled";
  public static final String SAMPLES = "trainer.samples";
  public static final String CHECKPOINT_STEPS = "trainer.checkpoint.steps";
  public static final String CHECKPOINT_INTERVAL_MS = "trainer.checkpoint.interval.ms";
  public static final String CHECKPOINT_DIR = "trainer.checkpoint.dir";
  public static final String GROUP_ID = "trainer.group.id";
  public static final String RUN_ID = "trainer.run.id";
  public static final String REFERENCE_VERSION = "trainer.reference.version";
  public static final String MAX_STEPS = "trainer.max.steps";
  public static final String IDLE_EXIT_MS = "trainer.idle.exit.ms";

  // Evaluation.
  public static final String EVAL_TEMPERATURE = "eval.temperature";
  public static final String EVAL_SEED = "eval.seed";
  public static final String EVAL_MAX_NEW_TOKENS_VQA = "eval.max.new.tokens.vqa";
  public static final String EVAL_MAX_NEW_TOKENS_REPORT = "eval.max.new.tokens.report";

  /** Which preference samples the trainer learns from (the paper's ablations). */
  public enum Samples { ALL, TEXT, IMAGE }

  public static final ConfigDef DEFINITION =
      defineTrainer(ServiceMetrics.define(AppConfig.define(new ConfigDef()), "trainer", 9403));

  public TrainerConfig(ConfigSources sources) {
    super(DEFINITION, sources);
  }

  private static ConfigDef defineTrainer(ConfigDef def) {
    ModelConfig m = ModelConfig.defaults();
    return def
        .define(MODEL_IMAGE_SIZE, Type.INT, m.imageSize(), Range.between(8, 1024), Importance.MEDIUM,
            "Side of the model's square input image, in pixels; radiographs are resized to it.")
        .define(MODEL_PATCH_SIZE, Type.INT, m.patchSize(), Range.between(2, 64), Importance.LOW,
            "Side of one ViT patch, in pixels; must divide the image size.")
        .define(MODEL_VISION_WIDTH, Type.INT, m.visionWidth(), Range.atLeast(4), Importance.LOW,
            "Channels of the image encoder.")
        .define(MODEL_VISION_LAYERS, Type.INT, m.visionLayers(), Range.atLeast(0), Importance.LOW,
            "Transformer layers of the image encoder.")
        .define(MODEL_WIDTH, Type.INT, m.width(), Range.atLeast(4), Importance.LOW,
            "Channels of the text decoder.")
        .define(MODEL_LAYERS, Type.INT, m.layers(), Range.atLeast(1), Importance.LOW,
            "Transformer layers of the text decoder.")
        .define(MODEL_HEADS, Type.INT, m.heads(), Range.atLeast(1), Importance.LOW,
            "Attention heads; must divide both widths.")
        .define(MODEL_MLP_RATIO, Type.INT, m.mlpRatio(), Range.atLeast(1), Importance.LOW,
            "MLP hidden size as a multiple of the width.")
        .define(MODEL_MAX_TEXT_TOKENS, Type.INT, m.maxTextTokens(), Range.atLeast(8),
            Importance.LOW, "Longest prompt + response, in tokens; longer responses are cut.")
        .define(MODEL_SEED, Type.LONG, m.seed(), Importance.LOW,
            "Seed of the parameter initialisation.")
        .define(DEVICE, Type.STRING, "cpu", ValidString.in("cpu", "cuda"), Importance.HIGH,
            "Where the model runs: cpu, or cuda (needs the CUDA build profile, see the README).")
        .define(THREADS, Type.INT, 1, Range.between(1, 256), Importance.MEDIUM,
            "PyTorch CPU threads per process. 1 by default: on shared cores more threads stall "
                + "on each other (see EngineSettings); raise it on a dedicated machine.")
        .define(SFT_EPOCHS, Type.INT, 40, Range.atLeast(1), Importance.MEDIUM,
            "Most passes over the SFT training split.")
        .define(SFT_BATCH_SIZE, Type.INT, 32, Range.atLeast(1), Importance.MEDIUM,
            "Examples per SFT step.")
        .define(SFT_LEARNING_RATE, Type.DOUBLE, 5e-4, Range.atLeast(0), Importance.MEDIUM,
            "Peak AdamW learning rate of the SFT warm start (cosine decay after warm-up).")
        .define(SFT_WARMUP_STEPS, Type.INT, 50, Range.atLeast(0), Importance.LOW,
            "Linear warm-up steps of the SFT warm start.")
        .define(SFT_PATIENCE, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
            "Epochs without a better validation loss before SFT stops early.")
        .define(SFT_VALIDATION_PERCENT, Type.INT, 15, Range.between(1, 50), Importance.MEDIUM,
            "Share of studies held out for validation and evaluation, chosen by a hash of the "
                + "study id (deterministic).")
        .define(SFT_MAX_SECONDS, Type.INT, 540, Range.atLeast(1), Importance.MEDIUM,
            "Wall-clock budget of SFT training, in seconds; the best model so far is kept.")
        .define(SFT_SHUFFLE_SEED, Type.LONG, 42L, Importance.LOW,
            "Seed of the SFT example order.")
        .define(BETA, Type.DOUBLE, 0.1, Range.atLeast(0), Importance.HIGH,
            "DPO beta: the strength of the pull towards the reference model.")
        .define(BATCH_SIZE, Type.INT, 8, Range.atLeast(1), Importance.HIGH,
            "Preference samples per micro-batch (an optimizer step).")
        .define(BATCH_WAIT_MS, Type.LONG, 2_000L, Range.atLeast(0), Importance.MEDIUM,
            "Longest wait for a micro-batch to fill once it has a first sample, in milliseconds.")
        .define(LEARNING_RATE, Type.DOUBLE, 1e-5, Range.atLeast(0), Importance.HIGH,
            "Peak AdamW learning rate of DPO.")
        .define(MIN_LEARNING_RATE, Type.DOUBLE, 0.0, Range.atLeast(0), Importance.LOW,
            "Learning rate at the end of the cosine schedule (and after it).")
        .define(WEIGHT_DECAY, Type.DOUBLE, 0.0, Range.atLeast(0), Importance.LOW,
            "Decoupled AdamW weight decay (the paper uses 0).")
        .define(ADAM_BETA1, Type.DOUBLE, 0.9, Range.between(0, 1), Importance.LOW, "AdamW beta1.")
        .define(ADAM_BETA2, Type.DOUBLE, 0.999, Range.between(0, 1), Importance.LOW, "AdamW beta2.")
        .define(ADAM_EPSILON, Type.DOUBLE, 1e-8, Range.atLeast(0), Importance.LOW, "AdamW epsilon.")
        .define(WARMUP_STEPS, Type.INT, 10, Range.atLeast(0), Importance.MEDIUM,
            "Linear learning-rate warm-up, in DPO steps.")
        .define(SCHEDULE, Type.STRING, "cosine", ValidString.in("cosine", "constant"),
            Importance.MEDIUM, "Learning-rate schedule after warm-up.")
        .define(SCHEDULE_STEPS, Type.INT, 1_000, Range.atLeast(1), Importance.MEDIUM,
            "Horizon of the cosine schedule, in steps; a stream has no end, so the rate stays at "
                + "the minimum after it.")
        .define(GRAD_CLIP, Type.DOUBLE, 1.0, Range.atLeast(0), Importance.MEDIUM,
            "Largest global gradient L2 norm; larger gradients are scaled down (0 disables).")
        .define(WEIGHTS_ENABLED, Type.BOOLEAN, true, Importance.HIGH,
            "Multiply each sample's loss by its clinical weight; false gives plain DPO (ablation).")
        .define(SAMPLES, Type.STRING, "all", ValidString.in("all", "text", "image"),
            Importance.HIGH, "Which samples to learn from: all, text (TEXT_HALLUCINATION only) or "
                + "image (LESION_NEGLECT only); the others are skipped and counted (ablation).")
        .define(CHECKPOINT_STEPS, Type.INT, 50, Range.atLeast(1), Importance.MEDIUM,
            "Checkpoint (and publish a model version) every this many steps.")
        .define(CHECKPOINT_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM,
            "Checkpoint at least this often when steps were taken, in milliseconds.")
        .define(CHECKPOINT_DIR, Type.STRING, "", Importance.MEDIUM,
            "Folder of the checkpoint and the trained-sample ledger; empty means "
                + "<data.dir>/trainer/<run id>.")
        .define(GROUP_ID, Type.STRING, "mmedpo-trainer", new NonBlank(), Importance.MEDIUM,
            "Consumer group under which consumed offsets are committed (after each checkpoint).")
        .define(RUN_ID, Type.STRING, "dpo", new NonBlank(), Importance.MEDIUM,
            "Name of the training run; it names the checkpoint folder and the model versions.")
        .define(REFERENCE_VERSION, Type.STRING, "", Importance.MEDIUM,
            "The BASE model version to align (the frozen reference); empty means the newest BASE "
                + "version on the model-versions topic.")
        .define(MAX_STEPS, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
            "Stop after this many steps in total (0: run until stopped).")
        .define(IDLE_EXIT_MS, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
            "Stop after this long with no new sample, in milliseconds (0: never).")
        .define(EVAL_TEMPERATURE, Type.DOUBLE, 0.2, Range.atLeast(0), Importance.MEDIUM,
            "Decoding temperature of evaluation (the paper's 0.2; 0 is greedy).")
        .define(EVAL_SEED, Type.LONG, 42L, Importance.LOW,
            "Seed of evaluation sampling, so a rerun prints the same table.")
        .define(EVAL_MAX_NEW_TOKENS_VQA, Type.INT, 64, Range.atLeast(1), Importance.LOW,
            "Most new tokens of a VQA answer (the paper's 64).")
        .define(EVAL_MAX_NEW_TOKENS_REPORT, Type.INT, 80, Range.atLeast(1), Importance.LOW,
            "Most new tokens of a generated report (the synthetic reports have at most about 60).");
  }

  /** The model shape these settings describe. */
  public ModelConfig modelConfig() {
    return new ModelConfig(getInt(MODEL_IMAGE_SIZE), getInt(MODEL_PATCH_SIZE),
        getInt(MODEL_VISION_WIDTH), getInt(MODEL_VISION_LAYERS), getInt(MODEL_WIDTH),
        getInt(MODEL_LAYERS), getInt(MODEL_HEADS), getInt(MODEL_MLP_RATIO),
        getInt(MODEL_MAX_TEXT_TOKENS), getLong(MODEL_SEED));
  }

  /** Applies {@link #THREADS} to the engine (before it loads) and returns this. */
  public TrainerConfig applyEngineSettings() {
    org.mmedpo.model.EngineSettings.threads(getInt(THREADS));
    return this;
  }

  public Device device() {
    return getString(DEVICE).equals("cuda") ? Device.gpu() : Device.cpu();
  }

  public double beta() {
    return getDouble(BETA);
  }

  public int batchSize() {
    return getInt(BATCH_SIZE);
  }

  public long batchWaitMs() {
    return getLong(BATCH_WAIT_MS);
  }

  public boolean weightsEnabled() {
    return getBoolean(WEIGHTS_ENABLED);
  }

  public Samples samples() {
    return Samples.valueOf(getString(SAMPLES).toUpperCase(java.util.Locale.ROOT));
  }

  public int checkpointSteps() {
    return getInt(CHECKPOINT_STEPS);
  }

  public long checkpointIntervalMs() {
    return getLong(CHECKPOINT_INTERVAL_MS);
  }

  public String runId() {
    return getString(RUN_ID);
  }

  /** Folder of this run's checkpoint and ledger. */
  public Path checkpointDir() {
    String dir = getString(CHECKPOINT_DIR);
    return dir.isBlank() ? dataDir().resolve("trainer").resolve(runId()) : Path.of(dir);
  }

  public String groupId() {
    return getString(GROUP_ID);
  }

  public String referenceVersion() {
    return getString(REFERENCE_VERSION);
  }

  public long maxSteps() {
    return getLong(MAX_STEPS);
  }

  public long idleExitMs() {
    return getLong(IDLE_EXIT_MS);
  }

  /** The DPO optimizer settings. */
  public org.mmedpo.trainer.optim.AdamW.Settings dpoOptimizer() {
    return new org.mmedpo.trainer.optim.AdamW.Settings(getDouble(ADAM_BETA1),
        getDouble(ADAM_BETA2), getDouble(ADAM_EPSILON), getDouble(WEIGHT_DECAY));
  }

  /** The DPO learning-rate schedule. */
  public org.mmedpo.trainer.optim.LearningRateSchedule dpoSchedule() {
    return new org.mmedpo.trainer.optim.LearningRateSchedule(getDouble(LEARNING_RATE),
        getDouble(MIN_LEARNING_RATE), getInt(WARMUP_STEPS),
        getString(SCHEDULE).equals("cosine") ? getInt(SCHEDULE_STEPS) : 0);
  }

  public double gradClip() {
    return getDouble(GRAD_CLIP);
  }
}
