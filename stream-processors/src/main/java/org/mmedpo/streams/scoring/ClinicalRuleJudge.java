package org.mmedpo.streams.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmedpo.events.ItemType;
import org.mmedpo.streams.radiology.ConceptGroup;
import org.mmedpo.streams.radiology.FindingMention;
import org.mmedpo.streams.radiology.FindingSpec;
import org.mmedpo.streams.radiology.ParsedText;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.radiology.ReportParser;

/**
 * The built-in judge: scores the clinical relevance of an error from the structured difference
 * between chosen and rejected, parsed with the radiology lexicon. No model, no network.
 *
 * <p>score = relevance x plausibility, rounded to 0.01, in [0, 1], where
 *
 * <ul>
 *   <li><b>relevance</b> is the largest of the differences found (plus 0.05 for each further
 *       one, at most 1), each the significance s of the finding involved (lexicon, in [0, 1])
 *       times a factor for the kind of error: a present finding denied {@value #DENIED}; omitted
 *       {@value #OMITTED}; an absent finding asserted {@value #INVENTED} (or {@value
 *       #CONTRADICTED} when the truth explicitly denies it); substituted for a confusable one
 *       {@value #SUBSTITUTED} x max(s1, s2); wrong side {@value #WRONG_SIDE}; wrong location
 *       {@value #WRONG_LOCATION}; wrong size or severity 0.3 + 0.4 x (rank distance on its scale).
 *       A flipped yes/no answer counts as denying or asserting the question's finding; the wrong
 *       modality, plane, sequence, organ, ... counts the concept group's significance; a changed
 *       number {@value #WRONG_NUMBER}. Texts with no structured difference score {@value
 *       #UNVERIFIABLE} when they differ in content words (an error the lexicon cannot see) and
 *       {@value #COSMETIC} when they are a rewording; identical texts score 0.
 *   <li><b>plausibility</b> starts at 1 and is multiplied by {@value #ABSURD} for an absurd phrase
 *       of the lexicon ("taken using an MRI machine"), {@value #CONFLICTING_MODALITIES} for naming
 *       two imaging modalities, {@value #IMPOSSIBLE_ANATOMY} for impossible anatomy ("left middle
 *       lobe"), {@value #SELF_CONTRADICTION} for stating a finding both present and absent: an error
 *       nobody would believe teaches the model little.
 * </ul>
 *
 * <p>With a score shown to it, it agrees when its own score is within {@code tolerance}.
 */
public final class ClinicalRuleJudge implements ClinicalJudge {

  /** Judge name recorded in judgements. */
  public static final String NAME = "clinical-rules";

  static final double DENIED = 1.0;
  static final double OMITTED = 0.85;
  static final double CONTRADICTED = 0.85;
  static final double INVENTED = 0.8;
  static final double SUBSTITUTED = 0.85;
  static final double WRONG_SIDE = 0.9;
  static final double WRONG_LOCATION = 0.7;
  static final double WRONG_NUMBER = 0.4;
  static final double POLARITY_WITHOUT_FINDING = 0.5;
  static final double UNVERIFIABLE = 0.3;
  static final double COSMETIC = 0.05;
  static final double ABSURD = 0.2;
  static final double CONFLICTING_MODALITIES = 0.3;
  static final double IMPOSSIBLE_ANATOMY = 0.3;
  static final double SELF_CONTRADICTION = 0.5;
  static final double EXTRA_DIFFERENCE = 0.05;

  private static final Pattern IMPOSSIBLE = Pattern.compile(
      "(?i)\\b(left[\\s-]+middle lobe|(left|right)[\\s-]+lingula\\w*|right[\\s-]+retrocardiac)\\b");
  private static final Pattern NUMBER = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\b");
  private static final Pattern SIDE = Pattern.compile("(?i)\\b(left|right|bilateral)\\b");
  private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "is", "are", "of", "in", "on",
      "this", "that", "there", "image", "shows", "with", "and", "to", "it", "be", "was", "were", "as",
      "at", "by", "for", "seen", "which", "yes", "no", "not");

  /** One difference found, with its relevance. */
  record Difference(double relevance, String description) {}

  private final ReportParser parser;
  private final RadiologyLexicon lexicon;
  private final double tolerance;

  /**
   * @param tolerance how far the shown score may be from its own for the judge to agree, in [0, 1]
   */
  public ClinicalRuleJudge(RadiologyLexicon lexicon, double tolerance) {
    this.lexicon = lexicon;
    this.parser = new ReportParser(lexicon);
    this.tolerance = tolerance;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict judge(JudgeRequest request, OptionalDouble shown) {
    Verdict own = score(request);
    if (shown.isPresent() && Math.abs(shown.getAsDouble() - own.score()) <= tolerance + 1e-9) {
      return new Verdict(shown.getAsDouble(), true,
          "agree (own score " + own.score() + ": " + own.rationale() + ")");
    }
    return own;
  }

  /** The judge's own score and the reasons for it. */
  public Verdict score(JudgeRequest request) {
    String chosen = request.chosen() == null ? "" : request.chosen().strip();
    String rejected = request.rejected() == null ? "" : request.rejected().strip();
    if (normalize(chosen).equals(normalize(rejected))) {
      return new Verdict(0.0, false, "identical texts: no error");
    }
    ParsedText c = parser.parse(chosen);
    ParsedText r = parser.parse(rejected);
    ParsedText q = parser.parse(request.prompt() == null ? "" : request.prompt());
    List<Difference> differences = new ArrayList<>();
    boolean vqa = request.itemType() != ItemType.REPORT;
    Set<String> covered = new HashSet<>();
    if (vqa) {
      polarity(chosen, rejected, q, r, covered).ifPresent(differences::add);
      // What the question asks about is presupposed, not invented, when an answer mentions it.
      q.mentions().forEach(m -> covered.add(m.name()));
    }
    differences.addAll(findingDifferences(c, r, vqa, covered));
    differences.addAll(conceptDifferences(c, r, q));
    if (vqa && differences.isEmpty()) {
      sideDifference(chosen, rejected, q).ifPresent(differences::add);
      sizeDifference(chosen, rejected, q).ifPresent(differences::add);
      numberDifference(chosen, rejected).ifPresent(differences::add);
    }
    double relevance;
    String why;
    if (differences.isEmpty()) {
      boolean contentDiffers = contentWords(chosen).stream().anyMatch(w -> !contentWords(rejected).contains(w))
          || contentWords(rejected).stream().anyMatch(w -> !contentWords(chosen).contains(w));
      relevance = contentDiffers ? UNVERIFIABLE : COSMETIC;
      why = contentDiffers ? "no finding-level difference the lexicon can verify" : "cosmetic rewording";
    } else {
      differences.sort(Comparator.comparingDouble(Difference::relevance).reversed());
      relevance = Math.min(1.0, differences.get(0).relevance() + EXTRA_DIFFERENCE * (differences.size() - 1));
      why = String.join("; ", differences.stream().limit(3).map(Difference::description).toList());
    }
    double plausibility = 1.0;
    List<String> doubts = new ArrayList<>();
    if (!r.absurdities().isEmpty()) {
      plausibility *= ABSURD;
      doubts.add("absurd: " + r.absurdities().get(0));
    }
    if (r.conceptMembers("modality").size() > 1) {
      plausibility *= CONFLICTING_MODALITIES;
      doubts.add("names two modalities " + r.conceptMembers("modality"));
    }
    if (IMPOSSIBLE.matcher(rejected).find()) {
      plausibility *= IMPOSSIBLE_ANATOMY;
      doubts.add("impossible anatomy");
    }
    if (!vqa && selfContradictory(r)) {
      plausibility *= SELF_CONTRADICTION;
      doubts.add("contradicts itself");
    }
    double score = Math.round(Math.max(0, Math.min(1, relevance * plausibility)) * 100) / 100.0;
    String rationale = why + (doubts.isEmpty() ? "" : "; implausible (" + String.join(", ", doubts) + ")");
    return new Verdict(score, false, rationale);
  }

  /**
   * A flipped yes/no: the rejected answer denies or asserts what the question asks about. An
   * answer that does not start with yes or no counts by what it says of the question's finding.
   */
  private Optional<Difference> polarity(String chosen, String rejected, ParsedText question, ParsedText r,
      Set<String> covered) {
    Optional<Boolean> pc = yesNo(chosen);
    if (pc.isEmpty()) {
      return Optional.empty();
    }
    Optional<FindingMention> topic = question.mentions().isEmpty() ? Optional.empty()
        : Optional.of(question.mentions().get(question.mentions().size() - 1));
    Optional<Boolean> pr = yesNo(rejected);
    boolean flipped;
    if (pr.isPresent()) {
      flipped = !pc.get().equals(pr.get());
    } else if (topic.isPresent() && r.first(topic.get().name()).isPresent()) {
      boolean truthPresent = pc.get() == topic.get().present();
      flipped = r.first(topic.get().name()).get().present() != truthPresent;
    } else {
      flipped = false;
    }
    if (!flipped) {
      return Optional.empty();
    }
    if (topic.isPresent()) {
      FindingMention t = topic.get();
      covered.add(t.name());
      boolean truthPresent = pc.get() == t.present();
      double s = t.finding().significance();
      return Optional.of(truthPresent
          ? new Difference(s * DENIED, "denies " + t.name() + " (s=" + s + ")")
          : new Difference(s * INVENTED, "asserts absent " + t.name() + " (s=" + s + ")"));
    }
    for (ConceptGroup group : lexicon.concepts()) {
      if (!question.conceptMembers(group.group()).isEmpty()) {
        return Optional.of(new Difference(group.significance(), "wrong yes/no about the " + group.group()));
      }
    }
    return Optional.of(new Difference(POLARITY_WITHOUT_FINDING, "flipped yes/no"));
  }

  private static Optional<Boolean> yesNo(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.matches("^yes\\b.*")) {
      return Optional.of(true);
    }
    if (t.matches("^no\\b.*")) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  private List<Difference> findingDifferences(ParsedText c, ParsedText r, boolean vqa, Set<String> covered) {
    Set<String> names = new LinkedHashSet<>();
    c.mentions().forEach(m -> names.add(m.name()));
    r.mentions().forEach(m -> names.add(m.name()));
    names.addAll(c.deniedByNormals());
    names.addAll(r.deniedByNormals());
    List<Difference> found = new ArrayList<>();
    List<FindingSpec> missing = new ArrayList<>();
    List<FindingSpec> invented = new ArrayList<>();
    for (String name : names) {
      if (covered.contains(name) && !c.first(name).isPresent()) {
        continue;
      }
      FindingSpec spec = lexicon.finding(name).orElseThrow();
      double s = spec.significance();
      Boolean cp = state(c, name);
      Boolean rp = state(r, name);
      if (Boolean.TRUE.equals(cp) && Boolean.FALSE.equals(rp)) {
        found.add(new Difference(s * DENIED, "denies present " + name + " (s=" + s + ")"));
      } else if (Boolean.TRUE.equals(cp) && rp == null) {
        missing.add(spec);
      } else if (!Boolean.TRUE.equals(cp) && Boolean.TRUE.equals(rp)) {
        if (Boolean.FALSE.equals(cp)) {
          found.add(new Difference(s * CONTRADICTED, "asserts " + name + " that the truth denies (s=" + s + ")"));
        } else {
          invented.add(spec);
        }
      } else if (Boolean.TRUE.equals(cp) && Boolean.TRUE.equals(rp)) {
        FindingMention cm = c.first(name).orElseThrow();
        FindingMention rm = r.first(name).orElseThrow();
        if (cm.laterality() != null && rm.laterality() != null
            && !cm.laterality().value().equals(rm.laterality().value())) {
          found.add(new Difference(s * WRONG_SIDE, "wrong side of " + name + " (" + cm.laterality().value()
              + " -> " + rm.laterality().value() + ")"));
        }
        if (cm.location() != null && rm.location() != null
            && !cm.location().value().equals(rm.location().value())) {
          found.add(new Difference(s * WRONG_LOCATION, "wrong location of " + name));
        }
        if (cm.severity() != null && rm.severity() != null && spec.scale() != null
            && !cm.severity().value().equals(rm.severity().value())) {
          double a = lexicon.rank(spec.scale(), cm.severity().value());
          double b = lexicon.rank(spec.scale(), rm.severity().value());
          double distance = a < 0 || b < 0 ? 0.5 : Math.abs(a - b);
          found.add(new Difference(s * (0.3 + 0.4 * distance), "wrong size/severity of " + name));
        }
      }
    }
    // A missing finding and an invented one that a reader could confuse are one substitution.
    for (FindingSpec gone : new ArrayList<>(missing)) {
      Optional<FindingSpec> swap = invented.stream()
          .filter(n -> gone.confusables().contains(n.name()) || n.confusables().contains(gone.name())
              || n.category().equals(gone.category()))
          .findFirst();
      if (swap.isPresent()) {
        missing.remove(gone);
        invented.remove(swap.get());
        double s = Math.max(gone.significance(), swap.get().significance());
        found.add(new Difference(s * SUBSTITUTED, gone.name() + " -> " + swap.get().name() + " (s=" + s + ")"));
      }
    }
    for (FindingSpec gone : missing) {
      // A short VQA answer that does not repeat a finding has not denied it.
      if (!vqa) {
        found.add(new Difference(gone.significance() * OMITTED, "omits " + gone.name()));
      }
    }
    for (FindingSpec added : invented) {
      found.add(new Difference(added.significance() * INVENTED, "invents " + added.name()));
    }
    return found;
  }

  /** TRUE present, FALSE absent, null not mentioned. */
  private static Boolean state(ParsedText text, String finding) {
    Optional<FindingMention> mention = text.first(finding);
    if (mention.isPresent()) {
      return mention.get().present();
    }
    return text.deniedByNormals().contains(finding) ? Boolean.FALSE : null;
  }

  private List<Difference> conceptDifferences(ParsedText c, ParsedText r, ParsedText q) {
    List<Difference> found = new ArrayList<>();
    for (ConceptGroup group : lexicon.concepts()) {
      Set<String> cs = c.conceptMembers(group.group());
      Set<String> rs = r.conceptMembers(group.group());
      if (!cs.isEmpty() && !rs.isEmpty() && !cs.equals(rs)) {
        Set<String> shared = new HashSet<>(cs);
        shared.retainAll(rs);
        if (shared.isEmpty() || !rs.containsAll(cs)) {
          found.add(new Difference(group.significance(), "wrong " + group.group() + " " + cs + " -> " + rs));
        }
      }
    }
    return found;
  }

  /**
   * A VQA answer on the other side (sides written, or implied by the lingula and the middle lobe),
   * or, on the same side, in another anatomical location.
   */
  private Optional<Difference> sideDifference(String chosen, String rejected, ParsedText q) {
    Set<String> cl = locations(chosen);
    Set<String> rl = locations(rejected);
    Set<String> cs = sides(chosen, cl);
    Set<String> rs = sides(rejected, rl);
    double s = q.mentions().stream().mapToDouble(m -> m.finding().significance()).max().orElse(0.7);
    if (!cs.isEmpty() && !rs.isEmpty() && !cs.equals(rs)) {
      return Optional.of(new Difference(s * WRONG_SIDE, "wrong side " + cs + " -> " + rs));
    }
    if (!cl.isEmpty() && !rl.isEmpty() && !cl.equals(rl)) {
      return Optional.of(new Difference(s * WRONG_LOCATION, "wrong location " + cl + " -> " + rl));
    }
    return Optional.empty();
  }

  private Set<String> locations(String text) {
    Set<String> names = new HashSet<>();
    for (var match : lexicon.phrases().scan(org.mmedpo.streams.radiology.Tokenizer.tokenize(text))) {
      if (match.value() instanceof org.mmedpo.streams.radiology.LexiconEntry.Location l) {
        names.add(l.spec().name());
      }
    }
    return names;
  }

  /** A VQA size answer ("small") against a rejected one naming another level of the same scale. */
  private Optional<Difference> sizeDifference(String chosen, String rejected, ParsedText q) {
    if (q.mentions().isEmpty()) {
      return Optional.empty();
    }
    FindingSpec topic = q.mentions().get(q.mentions().size() - 1).finding();
    if (topic.scale() == null) {
      return Optional.empty();
    }
    String scale = levelIn(topic.scale(), chosen).isPresent() ? topic.scale()
        : java.util.Arrays.stream(normalize(chosen).split(" ")).map(lexicon::scaleOf)
            .flatMap(Optional::stream).findFirst().orElse(topic.scale());
    Optional<String> truth = levelIn(scale, chosen);
    Optional<String> claim = levelIn(scale, rejected);
    if (truth.isEmpty() || claim.isEmpty() || truth.get().equals(claim.get())) {
      return Optional.empty();
    }
    double distance = Math.abs(lexicon.rank(scale, truth.get()) - lexicon.rank(scale, claim.get()));
    double s = topic.significance();
    return Optional.of(new Difference(s * (0.3 + 0.4 * distance), "wrong size of " + topic.name()
        + " (" + truth.get() + " -> " + claim.get() + ")"));
  }

  private Optional<String> levelIn(String scale, String text) {
    for (String word : normalize(text).split(" ")) {
      Optional<String> level = lexicon.level(scale, word);
      if (level.isPresent()) {
        return level;
      }
    }
    return Optional.empty();
  }

  private Set<String> sides(String text, Set<String> locations) {
    Set<String> sides = new HashSet<>();
    Matcher m = SIDE.matcher(text);
    while (m.find()) {
      sides.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    for (String location : locations) {
      lexicon.location(location).map(l -> l.side()).filter(java.util.Objects::nonNull).ifPresent(sides::add);
    }
    return sides;
  }

  private static Optional<Difference> numberDifference(String chosen, String rejected) {
    Matcher mc = NUMBER.matcher(chosen);
    Matcher mr = NUMBER.matcher(rejected);
    if (mc.find() && mr.find() && !mc.group().equals(mr.group())) {
      return Optional.of(new Difference(WRONG_NUMBER, "wrong number " + mc.group() + " -> " + mr.group()));
    }
    return Optional.empty();
  }

  private static boolean selfContradictory(ParsedText text) {
    Set<String> present = new HashSet<>();
    Set<String> absent = new HashSet<>();
    text.mentions().forEach(m -> (m.present() ? present : absent).add(m.name()));
    present.retainAll(absent);
    return !present.isEmpty();
  }

  private static Set<String> contentWords(String text) {
    Set<String> words = new HashSet<>();
    for (String w : normalize(text).split(" ")) {
      if (!w.isEmpty() && !STOP_WORDS.contains(w)) {
        words.add(w);
      }
    }
    return words;
  }

  private static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", " ").replaceAll("\\s+", " ").strip();
  }
}
