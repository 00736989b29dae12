package org.mmedpo.streams.lesion;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.VqaItem;
import org.mmedpo.model.Autograd;
import org.mmedpo.model.VlmSample;
import org.mmedpo.model.live.LiveModel;
import org.mmedpo.streams.radiology.FindingMention;
import org.mmedpo.streams.radiology.FindingSpec;
import org.mmedpo.streams.radiology.ParsedText;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.radiology.ReportParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lesion region from the current model itself: where its belief in the report's finding comes
 * from. The finding is the most significant present finding the parser finds in the report
 * (findings, then impression); the text whose saliency is taken is that finding's sentence, as the
 * answer to the report prompt. A report without a present finding falls back to the first closed
 * VQA item answered "yes" about a finding (its question and answer). The heatmap is {@code
 * MedVlm.saliency}: |d log pi(text | image, prompt) / d pixels|, 3x3-smoothed, in [0, 1] at the
 * model's input size, bilinearly resized to the radiograph.
 *
 * <p>Confidence, the visual sample's clinical score (MMedPO uses MedKLIP's two-way P(disease)):
 * the model's two-way probability that the finding is present,
 * P = pi("yes") / (pi("yes") + pi("no")) for the question "Is there [a] finding?" on this image,
 * each answer's probability including its end of sequence. Always in [0, 1].
 *
 * <p>Empty (so the next localizer is asked) when no model version is published yet, when the
 * pair names no present finding, when the saliency is flat, or when the gradient lock is not free
 * within the record's deadline. Saliency records gradients, which PyTorch allows to one thread of
 * the process at a time: the localizer takes {@link Autograd#LOCK} (shared with the trainer when
 * both run in one process), waiting at most the deadline's time left. Thread-safe.
 */
public final class SaliencyLocalizer implements LesionLocalizer {

  /** Localizer name; variants record {@code saliency:<model version>}. */
  public static final String NAME = "saliency";
  private static final Logger LOG = LoggerFactory.getLogger(SaliencyLocalizer.class);

  private final LiveModel model;
  private final ReportParser parser;
  private final String reportPrompt;

  /**
   * @param model the current model version, followed live
   * @param reportPrompt the prompt of report samples (the one the model was trained with)
   */
  public SaliencyLocalizer(LiveModel model, RadiologyLexicon lexicon, String reportPrompt) {
    this.model = model;
    this.parser = new ReportParser(lexicon);
    this.reportPrompt = reportPrompt;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * What the saliency is taken of.
   *
   * @param finding the finding
   * @param prompt the prompt the text answers
   * @param text the finding tokens: its report sentence, or a VQA answer
   */
  record Target(FindingSpec finding, String prompt, String text) {}

  @Override
  public Optional<String> unavailable() {
    return model.currentVersion().isEmpty() ? Optional.of("no model version is published yet")
        : Optional.empty();
  }

  @Override
  public Optional<Localization> localize(LocalizationRequest request) {
    if (model.currentVersion().isEmpty()) {
      return Optional.empty();
    }
    Optional<Target> target = target(request.pair());
    if (target.isEmpty()) {
      return Optional.empty();
    }
    Target t = target.get();
    GrayImage image = request.image();
    boolean locked;
    try {
      locked = Autograd.LOCK.tryLock(request.deadline().remaining().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    if (!locked) {
      LOG.warn("gradient lock not free within the record's deadline; saliency skipped for pair {}",
          request.pair().getPairId());
      return Optional.empty();
    }
    Found found;
    try {
      found = model.withModel(m -> {
        String version = model.currentVersion().map(ModelVersion::getVersion).orElseThrow();
        org.mmedpo.model.image.Heatmap map = m.saliency(image, t.prompt(), t.text());
        float[] input = m.prepare(image);
        String question = question(t.finding());
        double[] lp = m.logProbs(List.of(new VlmSample(input, question, "yes"),
            new VlmSample(input, question, "no")));
        return new Found(version, map, presence(lp[0], lp[1]));
      });
    } catch (IllegalStateException e) {
      // Only when the model was closed under us (shutdown): the next localizer answers.
      LOG.warn("saliency skipped for pair {}: {}", request.pair().getPairId(), e.getMessage());
      return Optional.empty();
    } finally {
      Autograd.LOCK.unlock();
    }
    float max = 0;
    for (float v : found.map().values()) {
      max = Math.max(max, v);
    }
    if (!(max > 0) || !(found.confidence() >= 0 && found.confidence() <= 1)) {
      return Optional.empty();
    }
    org.mmedpo.model.image.Heatmap resized = found.map().resize(image.width(), image.height());
    return Optional.of(new Localization(new Heatmap(resized.width(), resized.height(), resized.values()),
        found.confidence(), t.finding().name(), NAME + ":" + found.version()));
  }

  private record Found(String version, org.mmedpo.model.image.Heatmap map, double confidence) {}

  /** The finding of {@code pair} whose saliency is taken, if it names a present one. */
  Optional<Target> target(ImageReportPair pair) {
    for (String section : new String[] {pair.getFindings(), pair.getImpression()}) {
      if (section == null || section.isBlank()) {
        continue;
      }
      ParsedText parsed = parser.parse(section);
      Optional<FindingMention> best = parsed.present().stream()
          .max(Comparator.comparingDouble((FindingMention m) -> m.finding().significance())
              .thenComparing(m -> -m.span().start()));
      if (best.isPresent()) {
        String sentence = parsed.sentences().get(best.get().sentence()).of(section).strip();
        return Optional.of(new Target(best.get().finding(), reportPrompt, sentence));
      }
    }
    for (VqaItem vqa : pair.getVqa()) {
      if (vqa.getQuestion() == null || vqa.getAnswer() == null
          || !vqa.getAnswer().strip().toLowerCase(Locale.ROOT).startsWith("yes")) {
        continue;
      }
      Optional<FindingMention> asked = parser.parse(vqa.getQuestion()).mentions().stream().findFirst();
      if (asked.isPresent()) {
        return Optional.of(new Target(asked.get().finding(), vqa.getQuestion(), vqa.getAnswer()));
      }
    }
    return Optional.empty();
  }

  /** "Is there a pleural effusion?", "Is there consolidation?". */
  static String question(FindingSpec finding) {
    String name = finding.name();
    if (!finding.countable()) {
      return "Is there " + name + "?";
    }
    boolean vowel = "aeiou".indexOf(Character.toLowerCase(name.charAt(0))) >= 0;
    return "Is there " + (vowel ? "an " : "a ") + name + "?";
  }

  /** pi(yes) / (pi(yes) + pi(no)) from the two summed log-probs, computed stably. */
  static double presence(double logYes, double logNo) {
    return 1 / (1 + Math.exp(logNo - logYes));
  }
}
