package org.mmedpo.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.common.text.ReportText;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.streams.lesion.LesionNoiser;
import org.mmedpo.streams.lesion.MaskBuilder;

/**
 * Configuration of {@code mmedpo streams}: the Streams application, the hallucinator, the
 * localizers, mask and noise, the judges and the consensus, and the weights. Settings under
 * {@code streams.} go to Kafka Streams unchanged (e.g. {@code streams.num.standby.replicas}).
 */
public final class StreamsAppConfig extends AppConfig {

  public static final String APPLICATION_ID = "processors.application.id";
  public static final String THREADS = "processors.threads";
  public static final String GUARANTEE = "processors.processing.guarantee";
  public static final String COMMIT_INTERVAL_MS = "processors.commit.interval.ms";
  public static final String STATE_DIR = "processors.state.dir";
  public static final String MAX_POLL_INTERVAL_MS = "processors.max.poll.interval.ms";
  public static final String RECORD_DEADLINE_MS = "processors.record.deadline.ms";
  public static final String SEED = "processors.seed";
  public static final String KINDS = "processors.kinds";
  public static final String REPORT_PROMPT = "processors.report.prompt";

  public static final String HALLUCINATOR = "hallucinator";
  public static final String LLM_URL = "hallucinator.llm.url";
  public static final String LLM_MODEL = "hallucinator.llm.model";
  public static final String LLM_API_KEY = "hallucinator.llm.api.key";
  public static final String LLM_TIMEOUT_MS = "hallucinator.llm.timeout.ms";
  public static final String LLM_MAX_RETRIES = "hallucinator.llm.max.retries";
  public static final String LLM_BACKOFF_MS = "hallucinator.llm.backoff.ms";
  public static final String LLM_RATE = "hallucinator.llm.rate.per.second";
  public static final String LLM_TEMPERATURE = "hallucinator.llm.temperature";
  public static final String LLM_MAX_TOKENS = "hallucinator.llm.max.tokens";
  public static final String LLM_ON_FAILURE = "hallucinator.llm.on.failure";
  public static final String MODEL_CANDIDATES = "hallucinator.model.candidates";
  public static final String MODEL_TEMPERATURE = "hallucinator.model.temperature";
  public static final String MODEL_MAX_NEW_TOKENS = "hallucinator.model.max.new.tokens";
  public static final String MODEL_MIN_SCORE = "hallucinator.model.min.score";
  public static final String MODEL_FALLBACK = "hallucinator.model.fallback";

  public static final String JUDGES = "judges";
  public static final String JUDGE_ENDPOINTS = "judge.llm.endpoints";
  public static final String JUDGE_API_KEY = "judge.llm.api.key";
  public static final String JUDGE_TIMEOUT_MS = "judge.llm.timeout.ms";
  public static final String JUDGE_MAX_RETRIES = "judge.llm.max.retries";
  public static final String JUDGE_BACKOFF_MS = "judge.llm.backoff.ms";
  public static final String JUDGE_RATE = "judge.llm.rate.per.second";
  public static final String JUDGE_ON_FAILURE = "judge.on.failure";
  public static final String JUDGE_TOLERANCE = "judge.rules.tolerance";
  public static final String CONSENSUS_MAX_ROUNDS = "consensus.max.rounds";

  public static final String LOCALIZERS = "localizers";
  public static final String GROUND_TRUTH_CONFIDENCE = "localizer.ground.truth.confidence";
  public static final String VISUAL_URL = "localizer.visual.url";
  public static final String VISUAL_PROMPT = "localizer.visual.prompt";
  public static final String VISUAL_TIMEOUT_MS = "localizer.visual.timeout.ms";
  public static final String VISUAL_MAX_RETRIES = "localizer.visual.max.retries";
  public static final String VISUAL_BACKOFF_MS = "localizer.visual.backoff.ms";
  public static final String VISUAL_RATE = "localizer.visual.rate.per.second";
  public static final String MASK_KERNEL = "mask.blur.kernel";
  public static final String MASK_THRESHOLD = "mask.threshold";
  public static final String MASK_MIN_COVERAGE = "mask.min.coverage";
  public static final String NOISE_MODE = "noise.mode";
  public static final String NOISE_STEP = "noise.step";
  public static final String NOISE_STEPS = "noise.steps";
  public static final String NOISE_BETA_START = "noise.beta.start";
  public static final String NOISE_BETA_END = "noise.beta.end";

  public static final String WEIGHT_SCHEME = "weight.scheme";
  public static final String WEIGHT_MIN_COUNT = "weight.min.count";
  public static final String WEIGHT_VARIANCE = "weight.variance";
  public static final String WEIGHT_MIN = "weight.min";
  public static final String WEIGHT_MAX = "weight.max";
  public static final String REFERENCE_ENRICHMENT = "reference.enrichment";
  public static final String REFERENCE_VERSION = "reference.version";

  /** Values of {@link #HALLUCINATOR}. */
  public static final String CLINICAL_ENGINE = "clinical-engine";
  public static final String LLM = "llm";
  public static final String TARGET_MODEL = "target-model";
  /** The saliency value of {@link #LOCALIZERS}. */
  public static final String SALIENCY = "saliency";

  public static final ConfigDef DEFINITION =
      ServiceMetrics.define(AppConfig.define(new ConfigDef()), "streams", 9402)
      .define(APPLICATION_ID, Type.STRING, "mmedpo-stream-processors", new NonBlank(), Importance.HIGH,
          "Kafka Streams application id: the consumer group, and the prefix of internal topics. "
              + "Every instance of one deployment uses the same id.")
      .define(THREADS, Type.INT, 1, Range.between(1, 64), Importance.HIGH,
          "Stream threads of this instance. Tasks (one per input partition) spread over all threads "
              + "of all instances; more threads than partitions idle.")
      .define(GUARANTEE, Type.STRING, "exactly_once_v2", ValidString.in("exactly_once_v2", "at_least_once"),
          Importance.MEDIUM, "Processing guarantee: exactly_once_v2 (transactions; outputs, state and "
              + "offsets commit together) or at_least_once.")
      .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(10), Importance.MEDIUM,
          "How often the transaction commits, in ms (Kafka Streams' exactly-once default). Longer "
              + "means fewer transactions and more throughput, but more latency downstream.")
      .define(STATE_DIR, Type.STRING, "", Importance.MEDIUM,
          "Folder of the local state stores; empty means <data.dir>/streams.")
      .define(MAX_POLL_INTERVAL_MS, Type.INT, 300_000, Range.atLeast(10_000), Importance.MEDIUM,
          "max.poll.interval.ms of the consumer: a thread that does not poll within it leaves the "
              + "group. Must be more than twice processors.record.deadline.ms.")
      .define(RECORD_DEADLINE_MS, Type.INT, 60_000, Range.atLeast(100), Importance.MEDIUM,
          "Time budget of all external calls (LLM, judges, visual tool) made for one record, "
              + "retries and rate-limit waits included, in ms. When it runs out the record goes to "
              + "the fallback or the dead-letter topic.")
      .define(SEED, Type.LONG, 42L, Importance.LOW,
          "Seed of every random choice; with the ids of a variant it makes the variant reproducible.")
      .define(KINDS, Type.LIST, "TEXT_HALLUCINATION,LESION_NEGLECT",
          ConfigDef.ValidList.in("TEXT_HALLUCINATION", "LESION_NEGLECT"), Importance.MEDIUM,
          "Which dispreference kinds to make for every item: TEXT_HALLUCINATION (D_t) and/or "
              + "LESION_NEGLECT (D_v).")
      .define(REPORT_PROMPT, Type.STRING, ReportText.PROMPT, new NonBlank(), Importance.LOW,
          "The instruction recorded as the prompt of report samples; keep it the one the base "
              + "model was trained with (SFT uses the same default).")

      .define(HALLUCINATOR, Type.STRING, CLINICAL_ENGINE, ValidString.in(CLINICAL_ENGINE, LLM, TARGET_MODEL),
          Importance.HIGH, "Text hallucinator: clinical-engine (built in, rule-based), llm (an "
              + "OpenAI-compatible chat-completions endpoint, hallucinator.llm.*) or target-model "
              + "(sample from the newest published model version and keep the candidate the judges "
              + "find most in conflict with the ground truth, hallucinator.model.*).")
      .define(LLM_URL, Type.STRING, "", Importance.HIGH,
          "Base URL of the OpenAI-compatible API, e.g. https://api.openai.com/v1, "
              + "http://gpu1:8000/v1 (vLLM) or http://localhost:11434/v1 (Ollama).")
      .define(LLM_MODEL, Type.STRING, "gpt-4o", Importance.HIGH, "Model name sent to the endpoint.")
      .define(LLM_API_KEY, Type.PASSWORD, "", Importance.HIGH, "Bearer token; empty for none.")
      .define(LLM_TIMEOUT_MS, Type.INT, 20_000, Range.atLeast(100), Importance.MEDIUM,
          "Timeout of one call, whole reply included, in ms.")
      .define(LLM_MAX_RETRIES, Type.INT, 3, Range.between(0, 20), Importance.MEDIUM,
          "Retries after the first attempt (on timeouts, 408, 429, 5xx and invalid replies).")
      .define(LLM_BACKOFF_MS, Type.INT, 500, Range.atLeast(0), Importance.LOW,
          "Wait before the first retry, doubling for each next one (plus up to 20% jitter).")
      .define(LLM_RATE, Type.DOUBLE, 2.0, Range.atLeast(0), Importance.MEDIUM,
          "Calls per second at most, per instance (0: unlimited).")
      .define(LLM_TEMPERATURE, Type.DOUBLE, 0.7, Range.between(0, 2), Importance.LOW, "Sampling temperature.")
      .define(LLM_MAX_TOKENS, Type.INT, 512, Range.atLeast(16), Importance.LOW, "Most tokens of a reply.")
      .define(LLM_ON_FAILURE, Type.STRING, "fallback", ValidString.in("fallback", "dead-letter"),
          Importance.MEDIUM, "When the endpoint fails for an item: fallback (use the clinical engine) "
              + "or dead-letter (send the pair to the dead-letter topic).")
      .define(MODEL_CANDIDATES, Type.INT, 4, Range.between(1, 64), Importance.MEDIUM,
          "target-model: answers sampled per item (N).")
      .define(MODEL_TEMPERATURE, Type.DOUBLE, 1.0, Range.between(0, 5), Importance.LOW,
          "target-model: sampling temperature (0 is greedy, which makes all candidates the same).")
      .define(MODEL_MAX_NEW_TOKENS, Type.INT, 80, Range.between(1, 1024), Importance.LOW,
          "target-model: most tokens per candidate (the synthetic reports need about 60).")
      .define(MODEL_MIN_SCORE, Type.DOUBLE, 0.4, Range.between(0, 1), Importance.MEDIUM,
          "target-model: the judges' score a candidate needs to count as clearly in conflict with "
              + "the ground truth; below it the item goes to the fallback. 0.4 is above the 0.3 the "
              + "rule judge gives any text that differs without a difference it can name.")
      .define(MODEL_FALLBACK, Type.STRING, CLINICAL_ENGINE, ValidString.in(CLINICAL_ENGINE, LLM),
          Importance.MEDIUM, "target-model: what rewrites the ground truth when no candidate conflicts "
              + "clearly or no model version is published yet: clinical-engine or llm "
              + "(hallucinator.llm.*).")

      .define(JUDGES, Type.LIST, "clinical-rules", Importance.HIGH,
          "Judges of text samples, in the order they speak in the consensus protocol: "
              + "clinical-rules (built in) and/or names of judge.llm.endpoints.")
      .define(JUDGE_ENDPOINTS, Type.LIST, "", Importance.HIGH,
          "OpenAI-compatible Med-LLM judges as name|baseUrl|model, e.g. "
              + "med42-70b|http://gpu1:8000/v1|m42-health/Llama3-Med42-70B.")
      .define(JUDGE_API_KEY, Type.PASSWORD, "", Importance.HIGH, "Bearer token of the judge endpoints.")
      .define(JUDGE_TIMEOUT_MS, Type.INT, 20_000, Range.atLeast(100), Importance.MEDIUM,
          "Timeout of one judge call, in ms.")
      .define(JUDGE_MAX_RETRIES, Type.INT, 3, Range.between(0, 20), Importance.MEDIUM,
          "Retries of a judge call.")
      .define(JUDGE_BACKOFF_MS, Type.INT, 500, Range.atLeast(0), Importance.LOW, "First retry wait, in ms.")
      .define(JUDGE_RATE, Type.DOUBLE, 2.0, Range.atLeast(0), Importance.MEDIUM,
          "Calls per second at most per judge endpoint (0: unlimited).")
      .define(JUDGE_ON_FAILURE, Type.STRING, "dead-letter", ValidString.in("dead-letter", "skip"),
          Importance.MEDIUM, "When a judge endpoint fails: dead-letter the variant, or skip that "
              + "judge for the variant (recorded rounds show who scored).")
      .define(JUDGE_TOLERANCE, Type.DOUBLE, 0.1, Range.between(0, 1), Importance.LOW,
          "The rule judge agrees with a shown score within this distance (scores in [0, 1]).")
      .define(CONSENSUS_MAX_ROUNDS, Type.INT, 5, Range.between(1, 20), Importance.LOW,
          "Most rounds of the consensus protocol (the paper: 5).")

      .define(LOCALIZERS, Type.LIST, "ground-truth,contrast",
          ConfigDef.ValidList.in("ground-truth", "visual-tool", SALIENCY, "contrast"), Importance.HIGH,
          "Lesion localizers, asked in order until one finds a region: ground-truth (the export's "
              + "annotations), visual-tool (localizer.visual.*), saliency (the newest published "
              + "model's saliency for the report's finding; none until a version is published), "
              + "contrast (model-free fallback).")
      .define(GROUND_TRUTH_CONFIDENCE, Type.STRING, "significance", Importance.MEDIUM,
          "Confidence of ground-truth lesions: significance (the lexicon's clinical significance "
              + "of the annotated finding) or a number in [0, 1].")
      .define(VISUAL_URL, Type.STRING, "", Importance.HIGH,
          "URL of the visual tool's localize endpoint (see the README for its JSON API).")
      .define(VISUAL_PROMPT, Type.STRING, "disease", Importance.LOW, "What the visual tool is asked to ground.")
      .define(VISUAL_TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(100), Importance.MEDIUM,
          "Timeout of one visual tool call, in ms.")
      .define(VISUAL_MAX_RETRIES, Type.INT, 2, Range.between(0, 20), Importance.MEDIUM, "Retries of a visual tool call.")
      .define(VISUAL_BACKOFF_MS, Type.INT, 500, Range.atLeast(0), Importance.LOW, "First retry wait, in ms.")
      .define(VISUAL_RATE, Type.DOUBLE, 5.0, Range.atLeast(0), Importance.MEDIUM,
          "Calls per second at most to the visual tool (0: unlimited).")
      .define(MASK_KERNEL, Type.INT, 15, Range.between(1, 255), Importance.LOW,
          "Gaussian blur kernel of the heatmap, pixels, odd (the released code: 15).")
      .define(MASK_THRESHOLD, Type.STRING, "half-max", ValidString.in("half-max", "mean-std"), Importance.MEDIUM,
          "Mask threshold: half-max (default, halfway from the map's minimum to its maximum) or "
              + "mean-std (the released code's mean - std, which covers most of a flat map).")
      .define(MASK_MIN_COVERAGE, Type.DOUBLE, 0.001, Range.between(0, 1), Importance.LOW,
          "Masks covering less of the image than this are refused (dead letter).")
      .define(NOISE_MODE, Type.STRING, "diffusion", ValidString.in("diffusion", "replace"), Importance.MEDIUM,
          "diffusion (the paper's forward-diffusion noise) or replace (the released code's N(0, 10) "
              + "pixel replacement).")
      .define(NOISE_STEP, Type.INT, 500, Range.atLeast(1), Importance.MEDIUM,
          "Diffusion step k, 1..noise.steps (abar_500 = 0.747 with POVID's schedule).")
      .define(NOISE_STEPS, Type.INT, 1000, Range.atLeast(2), Importance.LOW, "Steps T of the schedule.")
      .define(NOISE_BETA_START, Type.DOUBLE, 1e-5, Range.between(0, 1), Importance.LOW, "First beta.")
      .define(NOISE_BETA_END, Type.DOUBLE, 5e-3, Range.between(0, 1), Importance.LOW, "Last beta.")

      .define(WEIGHT_SCHEME, Type.STRING, "PAPER", ValidString.in("PAPER", "RAW", "UNIFORM"), Importance.HIGH,
          "PAPER: clip(1 + sqrt(v) (s - mean) / std, min, max) with running statistics; RAW: the "
              + "raw score (released code); UNIFORM: 1.")
      .define(WEIGHT_MIN_COUNT, Type.INT, 30, Range.atLeast(2), Importance.MEDIUM,
          "Scores a task must have seen (per kind) before PAPER weights apply; earlier samples get "
              + "weight 1 and scheme UNIFORM.")
      .define(WEIGHT_VARIANCE, Type.DOUBLE, 0.1, Range.between(0, 10), Importance.LOW,
          "Variance v of the weights before clipping (the paper: 0.1).")
      .define(WEIGHT_MIN, Type.DOUBLE, 0.75, Range.atLeast(0), Importance.LOW, "Lower clip of PAPER weights.")
      .define(WEIGHT_MAX, Type.DOUBLE, 1.25, Range.atLeast(0), Importance.LOW, "Upper clip of PAPER weights.")
      .define(REFERENCE_ENRICHMENT, Type.BOOLEAN, false, Importance.MEDIUM,
          "Add the reference model's log-probs of both sides to every sample (the BASE version of "
              + "reference.version, followed live), so the trainer need not compute them; it uses "
              + "them only when the sample's version equals its own reference. Samples assembled "
              + "before that version is published pass through without them (their provenance "
              + "says so) and the trainer computes theirs. Off by default.")
      .define(REFERENCE_VERSION, Type.STRING, "", Importance.MEDIUM,
          "reference.enrichment: the BASE model version whose log-probs are added; empty means "
              + "the newest BASE version (the trainer's trainer.reference.version default). Set "
              + "both to the same version when pinning one.");

  public StreamsAppConfig(ConfigSources sources) {
    super(DEFINITION, sources);
    if (2L * recordDeadline().toMillis() >= getInt(MAX_POLL_INTERVAL_MS)) {
      throw new ConfigException(RECORD_DEADLINE_MS, recordDeadline().toMillis(),
          "must be less than half of " + MAX_POLL_INTERVAL_MS + " (" + getInt(MAX_POLL_INTERVAL_MS)
              + "), so a slow endpoint cannot push a stream thread out of the group");
    }
    if (getList(KINDS).isEmpty()) {
      throw new ConfigException(KINDS, "", "needs at least one kind");
    }
    if (getInt(MASK_KERNEL) % 2 == 0) {
      throw new ConfigException(MASK_KERNEL, getInt(MASK_KERNEL), "must be odd");
    }
    if (getInt(NOISE_STEP) > getInt(NOISE_STEPS)) {
      throw new ConfigException(NOISE_STEP, getInt(NOISE_STEP), "must not exceed " + NOISE_STEPS);
    }
    if (getDouble(WEIGHT_MIN) > getDouble(WEIGHT_MAX)) {
      throw new ConfigException(WEIGHT_MIN, getDouble(WEIGHT_MIN), "must not exceed " + WEIGHT_MAX);
    }
    groundTruthConfidence();
    if (hallucinator().equals(LLM) && getString(LLM_URL).isBlank()) {
      throw new ConfigException(LLM_URL, "", "is required when hallucinator=llm");
    }
    if (hallucinator().equals(TARGET_MODEL) && getString(MODEL_FALLBACK).equals(LLM)
        && getString(LLM_URL).isBlank()) {
      throw new ConfigException(LLM_URL, "", "is required when hallucinator.model.fallback=llm");
    }
    if (localizers().contains("visual-tool") && getString(VISUAL_URL).isBlank()) {
      throw new ConfigException(VISUAL_URL, "", "is required when localizers include visual-tool");
    }
    List<String> endpoints = judgeEndpoints().stream().map(JudgeEndpoint::name).toList();
    for (String judge : judges()) {
      if (!judge.equals("clinical-rules") && !endpoints.contains(judge)) {
        throw new ConfigException(JUDGES, judge, "is neither clinical-rules nor a name in " + JUDGE_ENDPOINTS);
      }
    }
    if (judges().isEmpty()) {
      throw new ConfigException(JUDGES, "", "needs at least one judge");
    }
  }

  public String applicationId() {
    return getString(APPLICATION_ID);
  }

  public int threads() {
    return getInt(THREADS);
  }

  public String processingGuarantee() {
    return getString(GUARANTEE);
  }

  public long commitIntervalMs() {
    return getLong(COMMIT_INTERVAL_MS);
  }

  /** The state folder, with the empty default resolved under the data folder. */
  public Path stateDir() {
    String dir = getString(STATE_DIR);
    return dir.isBlank() ? dataDir().resolve("streams") : Path.of(dir);
  }

  public int maxPollIntervalMs() {
    return getInt(MAX_POLL_INTERVAL_MS);
  }

  public Duration recordDeadline() {
    return Duration.ofMillis(getInt(RECORD_DEADLINE_MS));
  }

  public long seed() {
    return getLong(SEED);
  }

  public boolean textVariants() {
    return getList(KINDS).contains("TEXT_HALLUCINATION");
  }

  public boolean imageVariants() {
    return getList(KINDS).contains("LESION_NEGLECT");
  }

  public String reportPrompt() {
    return getString(REPORT_PROMPT);
  }

  public String hallucinator() {
    return getString(HALLUCINATOR);
  }

  /** What target-model sampling falls back to: {@link #CLINICAL_ENGINE} or {@link #LLM}. */
  public String modelFallback() {
    return getString(MODEL_FALLBACK);
  }

  /**
   * True when a configured part samples or reads the newest model version (target-model
   * sampling or the saliency localizer), whether or not its kind of sample is produced.
   */
  public boolean usesLatestModel() {
    return hallucinator().equals(TARGET_MODEL) || localizers().contains(SALIENCY);
  }

  /** The BASE version used for enrichment; empty for the newest BASE version. */
  public String referenceVersion() {
    return getString(REFERENCE_VERSION);
  }

  /** True when samples get the reference model's log-probs. */
  public boolean referenceEnrichment() {
    return getBoolean(REFERENCE_ENRICHMENT);
  }

  public boolean llmFallback() {
    return getString(LLM_ON_FAILURE).equals("fallback");
  }

  public String secret(String key) {
    Password password = getPassword(key);
    return password == null ? "" : password.value();
  }

  public List<String> judges() {
    return getList(JUDGES);
  }

  /** A Med-LLM judge endpoint. */
  public record JudgeEndpoint(String name, String baseUrl, String model) {}

  public List<JudgeEndpoint> judgeEndpoints() {
    return getList(JUDGE_ENDPOINTS).stream().filter(s -> !s.isBlank()).map(s -> {
      String[] parts = s.split("\\|");
      if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
        throw new ConfigException(JUDGE_ENDPOINTS, s, "expected name|baseUrl|model");
      }
      return new JudgeEndpoint(parts[0].strip(), parts[1].strip(), parts[2].strip());
    }).toList();
  }

  public boolean skipFailedJudges() {
    return getString(JUDGE_ON_FAILURE).equals("skip");
  }

  public List<String> localizers() {
    return getList(LOCALIZERS);
  }

  /** A fixed ground-truth confidence, or empty for the finding's significance. */
  public OptionalDouble groundTruthConfidence() {
    String value = getString(GROUND_TRUTH_CONFIDENCE).strip();
    if (value.equals("significance")) {
      return OptionalDouble.empty();
    }
    try {
      double v = Double.parseDouble(value);
      if (v < 0 || v > 1) {
        throw new NumberFormatException();
      }
      return OptionalDouble.of(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(GROUND_TRUTH_CONFIDENCE, value, "expected significance or a number in [0, 1]");
    }
  }

  public MaskBuilder.Threshold maskThreshold() {
    return getString(MASK_THRESHOLD).equals("mean-std")
        ? MaskBuilder.Threshold.MEAN_MINUS_STD : MaskBuilder.Threshold.HALF_MAX;
  }

  public LesionNoiser.Mode noiseMode() {
    return getString(NOISE_MODE).equals("replace") ? LesionNoiser.Mode.REPLACE : LesionNoiser.Mode.DIFFUSION;
  }

  public WeightScheme weightScheme() {
    return WeightScheme.valueOf(getString(WEIGHT_SCHEME));
  }

  /** Settings under {@code streams.}, without the prefix, for Kafka Streams. */
  public Map<String, Object> streamsOverrides() {
    return originalsWithPrefix("streams.");
  }
}
