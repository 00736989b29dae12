package org.mmedpo.streams.hallucination;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.Operation;
import org.mmedpo.model.Decoding;
import org.mmedpo.model.live.LiveModel;
import org.mmedpo.streams.llm.ExternalCallException;
import org.mmedpo.streams.model.PreparedImages;
import org.mmedpo.streams.scoring.ConsensusProtocol;
import org.mmedpo.streams.scoring.JudgeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MMedPO's first step of text dispreference: sample several answers (or reports) from the current
 * model version for the item's image and prompt, score each against the ground truth with the
 * judges, and keep the one most in conflict with it. When no candidate conflicts clearly (its
 * score is below {@link Settings#minScore}), when no model version is published yet, or when the
 * record's deadline leaves no time to sample, the item goes to the fallback (the paper's second
 * step: rewrite the ground truth; here the clinical engine or the LLM) and the variant says so.
 *
 * <p>Candidate i is decoded with the sampling stream {@code request.seed() + i}, so the same
 * request and model version give the same candidates. The model is used through {@link
 * LiveModel#withModel}: a stream thread never waits for a version to arrive, and a version is
 * not swapped out while sampling.
 *
 * <p>Deadline: a candidate is generated only when the record's deadline has at least twice the
 * recent cost of one candidate of that item type left (an exponential average per type); one
 * candidate is bounded by {@link Settings#maxNewTokens} decoding steps. Thread-safe.
 */
public final class TargetModelHallucinator implements Hallucinator {

  /** Generator name recorded in variants that keep a sampled candidate. */
  public static final String NAME = "target-model";
  private static final Logger LOG = LoggerFactory.getLogger(TargetModelHallucinator.class);
  private static final Pattern FINDINGS = Pattern.compile("(?i)\\bfindings\\s*:");
  private static final Pattern IMPRESSION = Pattern.compile("(?i)\\bimpression\\s*:");

  /**
   * How candidates are sampled and chosen.
   *
   * @param candidates answers sampled per item (N)
   * @param temperature sampling temperature (logits divided by it; 0 is greedy, which makes every
   *     candidate the same)
   * @param maxNewTokens most tokens per candidate
   * @param minScore the judges' score in [0, 1] a candidate needs to count as clearly in conflict
   *     with the ground truth
   */
  public record Settings(int candidates, double temperature, int maxNewTokens, double minScore) {

    public Settings {
      if (candidates < 1 || temperature < 0 || maxNewTokens < 1 || minScore < 0 || minScore > 1) {
        throw new IllegalArgumentException("need candidates >= 1, temperature >= 0, "
            + "maxNewTokens >= 1 and minScore in [0, 1]");
      }
    }
  }

  private final LiveModel model;
  private final PreparedImages images;
  private final ConsensusProtocol judges;
  private final Hallucinator fallback;
  private final Settings settings;
  private final Map<ItemType, AtomicLong> nanosPerCandidate = new EnumMap<>(ItemType.class);

  /**
   * @param model the current model version, followed live
   * @param images where the pair's image comes from
   * @param judges scores candidates against the ground truth (the configured judges' consensus)
   * @param fallback makes the variant when sampling does not give a clear conflict
   */
  public TargetModelHallucinator(LiveModel model, PreparedImages images, ConsensusProtocol judges,
      Hallucinator fallback, Settings settings) {
    this.model = model;
    this.images = images;
    this.judges = judges;
    this.fallback = fallback;
    this.settings = settings;
    for (ItemType type : ItemType.values()) {
      nanosPerCandidate.put(type, new AtomicLong());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The model version being served, or {@code none}. */
  @Override
  public String version() {
    return model.currentVersion().map(ModelVersion::getVersion).orElse("none");
  }

  @Override
  public HallucinatedText hallucinate(HallucinationRequest request) {
    if (request.image() == null) {
      return fallback(request, "the pair has no image to sample on");
    }
    if (model.currentVersion().isEmpty()) {
      return fallback(request, "no model version is published yet");
    }
    Sampled sampled;
    try {
      sampled = model.withModel(m -> {
        String version = model.currentVersion().map(ModelVersion::getVersion).orElseThrow();
        float[] input = images.prepared(request.image(), m);
        List<String> out = new ArrayList<>();
        AtomicLong estimate = nanosPerCandidate.get(request.itemType());
        for (int i = 0; i < settings.candidates(); i++) {
          long perCandidate = estimate.get();
          if (perCandidate > 0 && request.deadline().remaining().toNanos() < 2 * perCandidate) {
            break;
          }
          long start = System.nanoTime();
          out.add(m.sample(input, request.prompt(), 1, Decoding.sampled(settings.temperature(),
              settings.maxNewTokens(), request.seed() + i)).get(0));
          long took = System.nanoTime() - start;
          estimate.getAndUpdate(old -> old == 0 ? took : (old * 7 + took * 3) / 10);
        }
        return new Sampled(version, out);
      });
    } catch (IllegalStateException e) {
      // Only when the model was closed under us (shutdown): nothing was sampled.
      return fallback(request, "the model is not available: " + e.getMessage());
    }
    if (sampled.candidates().isEmpty()) {
      return fallback(request, "the record's deadline left no time to sample (model version "
          + sampled.version() + ")");
    }
    double[] scores = new double[sampled.candidates().size()];
    int best = -1;
    try {
      for (int i = 0; i < scores.length; i++) {
        String candidate = tidy(request.itemType(), sampled.candidates().get(i));
        // A blank candidate, or the ground truth itself, is no dispreferred answer.
        boolean usable = !candidate.isBlank() && !sameText(candidate, request.chosen());
        scores[i] = !usable ? 0 : judges.run(new JudgeRequest(request.itemType(),
            request.prompt(), request.chosen(), candidate, List.of(), request.deadline())).score();
        if (usable && (best < 0 || scores[i] > scores[best])) {
          best = i;
        }
      }
    } catch (ExternalCallException e) {
      return fallback(request, "the judges could not score the candidates (" + e.reason()
          + "; model version " + sampled.version() + ")");
    }
    if (best < 0 || scores[best] < settings.minScore()) {
      return fallback(request, String.format(Locale.ROOT,
          "best of %d candidates from model version %s scored %.2f, below %.2f",
          scores.length, sampled.version(), best < 0 ? 0.0 : scores[best], settings.minScore()));
    }
    Operation op = Operation.newBuilder().setName(OperationNames.SAMPLED_ANSWER).setFinding(null)
        .setBefore(null)
        .setAfter(String.format(Locale.ROOT,
            "kept candidate %d of %d (judge score %.2f; all %s) at temperature %.2f from model "
                + "version %s", best + 1, scores.length, scores[best], list(scores),
            settings.temperature(), sampled.version()))
        .build();
    return new HallucinatedText(tidy(request.itemType(), sampled.candidates().get(best)),
        List.of(op), NAME, sampled.version());
  }

  private record Sampled(String version, List<String> candidates) {}

  private static boolean sameText(String a, String b) {
    return normalized(a).equals(normalized(b));
  }

  private static String normalized(String text) {
    return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /**
   * The fallback's variant, led by a {@code sampling_fallback} operation that says why; the
   * generator recorded is the fallback's.
   */
  private HallucinatedText fallback(HallucinationRequest request, String why) {
    LOG.debug("target-model sampling fell back to {}: {}", fallback.name(), why);
    HallucinatedText made = fallback.hallucinate(request);
    List<Operation> ops = new ArrayList<>();
    ops.add(Operation.newBuilder().setName(OperationNames.SAMPLING_FALLBACK).setFinding(null)
        .setBefore(null).setAfter(why).build());
    ops.addAll(made.operations());
    return new HallucinatedText(made.text(), ops, made.generator(), made.generatorVersion());
  }

  /**
   * The model writes lower case (its tokenizer lower-cases); reports get their section headings
   * back so that {@code ReportText.split} finds the sections.
   */
  static String tidy(ItemType type, String candidate) {
    String text = candidate.strip();
    if (type != ItemType.REPORT) {
      return text;
    }
    text = FINDINGS.matcher(text).replaceAll("FINDINGS:");
    return IMPRESSION.matcher(text).replaceAll("IMPRESSION:");
  }

  private static String list(double[] scores) {
    StringBuilder sb = new StringBuilder();
    for (double s : scores) {
      sb.append(sb.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", s));
    }
    return sb.toString();
  }

  /** For tests: the current per-candidate estimate of {@code type}, in nanoseconds. */
  long nanosPerCandidate(ItemType type) {
    return nanosPerCandidate.get(type).get();
  }

  /** The fallback hallucinator. */
  public Hallucinator fallback() {
    return fallback;
  }
}
