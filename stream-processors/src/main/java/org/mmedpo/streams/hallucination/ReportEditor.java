package org.mmedpo.streams.hallucination;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.mmedpo.events.Operation;
import org.mmedpo.streams.radiology.FindingMention;
import org.mmedpo.streams.radiology.FindingSpec;
import org.mmedpo.streams.radiology.LocationSpec;
import org.mmedpo.streams.radiology.NormalMention;
import org.mmedpo.streams.radiology.ParsedText;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.radiology.ReportParser;
import org.mmedpo.streams.radiology.Span;

/**
 * The report half of the clinical hallucination engine: picks one named operation on one finding
 * (weighted by how often the error is plausible and by the finding's clinical significance),
 * applies it to the findings section with minimal edits, and carries the same edit into the
 * impression so the wrong report stays consistent with itself.
 */
final class ReportEditor {

  /** The engine's operations on reports, with their selection weights. */
  enum Op {
    NEGATE(OperationNames.NEGATE_FINDING, 3.0),
    SWAP(OperationNames.SWAP_LATERALITY, 2.5),
    MOVE(OperationNames.MOVE_LOCATION, 1.5),
    SEVERITY(OperationNames.CHANGE_SEVERITY, 1.5),
    SUBSTITUTE(OperationNames.SUBSTITUTE_FINDING, 1.5),
    INVENT(OperationNames.INVENT_FINDING, 1.0),
    OMIT(OperationNames.OMIT_FINDING, 1.0),
    IMPRESSION(OperationNames.CHANGE_IMPRESSION, 0.5);

    final String wireName;
    final double weight;

    Op(String wireName, double weight) {
      this.wireName = wireName;
      this.weight = weight;
    }
  }

  /** An operation the report allows, on a target. */
  record Plan(Op op, FindingMention target, NormalMention normal, FindingSpec finding, double weight) {}

  /** The result: the edited sections and what was done. */
  record Result(String findings, String impression, List<Operation> operations) {}

  private record Replacement(Span span, String text) {}

  private static final java.util.regex.Pattern MEASUREMENT =
      java.util.regex.Pattern.compile("\\b(\\d+(?:\\.\\d+)?)\\s*(cm|mm)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);
  private static final String CHEST_NORMAL_IMPRESSION = "No acute cardiopulmonary process.";
  private static final String NORMAL_IMPRESSION = "No acute abnormality.";
  private static final Set<String> CHEST_CATEGORIES = Set.of("pleural", "parenchymal", "cardiac",
      "mediastinal", "vascular", "osseous", "soft tissue");

  private final RadiologyLexicon lexicon;
  private final ReportParser parser;
  private final FindingRenderer renderer;

  ReportEditor(RadiologyLexicon lexicon) {
    this.lexicon = lexicon;
    this.parser = new ReportParser(lexicon);
    this.renderer = new FindingRenderer(lexicon);
  }

  /**
   * A plausible wrong version of the report, or empty when no operation changes it.
   *
   * @param chest true when the study is a chest study (findings may be invented only there)
   */
  Optional<Result> hallucinate(String findings, String impression, boolean chest, SplittableRandom rng) {
    boolean onFindings = !findings.isBlank();
    String main = onFindings ? findings : impression;
    ParsedText parsed = parser.parse(main);
    boolean chestStudy = chest || parsed.mentions().stream()
        .anyMatch(m -> CHEST_CATEGORIES.contains(m.finding().category()))
        || parsed.normals().stream().anyMatch(n -> Set.of("lungs", "heart", "mediastinum").contains(n.statement().organ()));
    List<Plan> plans = plans(parsed, chestStudy, onFindings && !impression.isBlank());
    while (!plans.isEmpty()) {
      Plan plan = pick(plans, rng);
      plans.remove(plan);
      Optional<Result> result = apply(plan, main, parsed, onFindings ? impression : "", chestStudy, rng);
      if (result.isPresent()) {
        Result r = result.get();
        Result placed = onFindings ? r : new Result("", r.findings(), r.operations());
        if (!placed.findings().equals(findings.strip()) || !placed.impression().equals(impression.strip())) {
          return Optional.of(placed);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Applies one operation on one finding (or the first that fits when {@code finding} is null),
   * for tests that check each operation on its own.
   */
  Optional<Result> applyOnly(Op op, String finding, String findings, String impression, boolean chest,
      SplittableRandom rng) {
    ParsedText parsed = parser.parse(findings);
    return plans(parsed, chest, !impression.isBlank()).stream()
        .filter(p -> p.op() == op && (finding == null || (p.finding() != null && p.finding().name().equals(finding))))
        .findFirst()
        .flatMap(p -> apply(p, findings, parsed, impression, chest, rng));
  }

  // ---------------------------------------------------------------- planning

  List<Plan> plans(ParsedText parsed, boolean chest, boolean hasImpression) {
    List<Plan> plans = new ArrayList<>();
    Set<String> present = new LinkedHashSet<>();
    Set<String> absent = new LinkedHashSet<>();
    parsed.mentions().forEach(m -> (m.present() ? present : absent).add(m.name()));
    for (FindingMention m : parsed.mentions()) {
      double sig = Math.max(0.05, m.finding().significance());
      boolean contradicted = m.present() ? absent.contains(m.name()) : present.contains(m.name());
      // "No acute osseous abnormality" names no finding a reader could assert plausibly.
      boolean generic = m.finding().category().equals("generic");
      if (!contradicted && !(generic && !m.present())) {
        plans.add(new Plan(Op.NEGATE, m, null, m.finding(), Op.NEGATE.weight * sig));
      }
      if (m.present()) {
        if (swappable(m)) {
          plans.add(new Plan(Op.SWAP, m, null, m.finding(), Op.SWAP.weight * sig));
        }
        if (m.location() != null && !newLocations(m).isEmpty()) {
          plans.add(new Plan(Op.MOVE, m, null, m.finding(), Op.MOVE.weight * sig));
        }
        if (m.finding().scale() != null) {
          plans.add(new Plan(Op.SEVERITY, m, null, m.finding(), Op.SEVERITY.weight * sig));
        }
        if (!m.finding().confusables().isEmpty()) {
          plans.add(new Plan(Op.SUBSTITUTE, m, null, m.finding(), Op.SUBSTITUTE.weight * sig));
        }
        if (parsed.sentences().size() > 1 && parsed.inSentence(m.sentence()).stream()
            .filter(FindingMention::present).allMatch(o -> o.name().equals(m.name()))) {
          plans.add(new Plan(Op.OMIT, m, null, m.finding(), Op.OMIT.weight * sig));
        }
      }
    }
    for (NormalMention normal : parsed.normals()) {
      for (String denied : normal.statement().denies()) {
        if (!present.contains(denied) && !absent.contains(denied)) {
          FindingSpec spec = lexicon.finding(denied).orElseThrow();
          plans.add(new Plan(Op.NEGATE, null, normal, spec, Op.NEGATE.weight * spec.significance()
              / normal.statement().denies().size()));
        }
      }
    }
    if (chest) {
      for (FindingSpec spec : inventable(parsed)) {
        plans.add(new Plan(Op.INVENT, null, null, spec, Op.INVENT.weight * spec.significance() / 4));
      }
    }
    if (hasImpression) {
      plans.add(new Plan(Op.IMPRESSION, null, null, null, Op.IMPRESSION.weight));
    }
    return plans;
  }

  private List<FindingSpec> inventable(ParsedText parsed) {
    Set<String> mentioned = new LinkedHashSet<>();
    parsed.mentions().forEach(m -> mentioned.add(m.name()));
    return lexicon.findings().stream()
        .filter(f -> f.invent() && !mentioned.contains(f.name())).toList();
  }

  private static Plan pick(List<Plan> plans, SplittableRandom rng) {
    double total = plans.stream().mapToDouble(Plan::weight).sum();
    double x = rng.nextDouble() * total;
    for (Plan plan : plans) {
      x -= plan.weight();
      if (x <= 0) {
        return plan;
      }
    }
    return plans.get(plans.size() - 1);
  }

  // ---------------------------------------------------------------- applying

  private Optional<Result> apply(Plan plan, String text, ParsedText parsed, String impression,
      boolean chest, SplittableRandom rng) {
    List<Operation> ops = new ArrayList<>();
    String edited;
    String newImpression = impression;
    switch (plan.op()) {
      case NEGATE -> {
        if (plan.normal() != null) {
          FindingRenderer.Look look = renderer.plausible(plan.finding(), rng);
          edited = flipNormal(text, parsed, plan.normal(), plan.finding(), look, ops);
          newImpression = assertInImpression(impression, plan.finding(), look, chest, ops);
        } else if (plan.target().present()) {
          edited = negatePresent(text, parsed, plan.target(), ops);
          newImpression = propagate(impression, plan.target(), true,
              (t, p, m) -> negatePresent(t, p, m, ops));
          if (!impression.isBlank() && newImpression.isBlank()) {
            newImpression = chest ? CHEST_NORMAL_IMPRESSION : NORMAL_IMPRESSION;
          }
        } else {
          FindingRenderer.Look look = renderer.plausible(plan.finding(), rng);
          edited = negateAbsent(text, parsed, plan.target(), look, ops);
          newImpression = assertInImpression(impression, plan.finding(), look, chest, ops);
        }
      }
      case SWAP -> {
        String side = newSide(plan.target(), rng);
        edited = swapLaterality(text, parsed, plan.target(), side, ops);
        newImpression = propagate(impression, plan.target(), true, (t, p, m) ->
            swappable(m) && m.laterality().value().equals(plan.target().laterality().value())
                ? swapLaterality(t, p, m, side, ops) : t);
      }
      case MOVE -> {
        List<LocationSpec> options = newLocations(plan.target());
        LocationSpec to = options.get(rng.nextInt(options.size()));
        edited = moveLocation(text, parsed, plan.target(), to, ops);
        newImpression = propagate(impression, plan.target(), true, (t, p, m) ->
            m.location() != null && m.location().value().equals(plan.target().location().value())
                ? moveLocation(t, p, m, to, ops) : t);
      }
      case SEVERITY -> {
        String level = newLevel(plan.target());
        edited = changeSeverity(text, parsed, plan.target(), level, ops);
        newImpression = propagate(impression, plan.target(), true,
            (t, p, m) -> changeSeverity(t, p, m, level, ops));
      }
      case SUBSTITUTE -> {
        List<String> confusables = plan.finding().confusables();
        FindingSpec to = lexicon.finding(confusables.get(rng.nextInt(confusables.size()))).orElseThrow();
        edited = substitute(text, parsed, plan.target(), to, ops);
        newImpression = propagate(impression, plan.target(), true,
            (t, p, m) -> substitute(t, p, m, to, ops));
      }
      case INVENT -> {
        FindingRenderer.Look look = renderer.plausible(plan.finding(), rng);
        edited = invent(text, parsed, plan.finding(), look, rng, ops);
        newImpression = assertInImpression(impression, plan.finding(), look, chest, ops);
      }
      case OMIT -> {
        edited = omit(text, parsed, plan.target(), ops);
        newImpression = propagate(impression, plan.target(), true, (t, p, m) -> omit(t, p, m, ops));
        if (!impression.isBlank() && newImpression.isBlank()) {
          newImpression = chest ? CHEST_NORMAL_IMPRESSION : NORMAL_IMPRESSION;
        }
      }
      case IMPRESSION -> {
        edited = text;
        newImpression = changeImpression(impression, chest, rng, ops);
      }
      default -> throw new IllegalStateException("unknown operation " + plan.op());
    }
    if (ops.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Result(TextEdits.tidy(edited), TextEdits.tidy(newImpression), ops));
  }

  /** An edit of one mention in a parsed text. */
  @FunctionalInterface
  private interface MentionEdit {
    String apply(String text, ParsedText parsed, FindingMention mention);
  }

  /** Applies {@code edit} to the impression's mention of the same finding, if any. */
  private String propagate(String impression, FindingMention target, boolean present, MentionEdit edit) {
    if (impression.isBlank()) {
      return impression;
    }
    ParsedText parsed = parser.parse(impression);
    Optional<FindingMention> same = parsed.mentions().stream()
        .filter(m -> m.name().equals(target.name()) && m.present() == present).findFirst();
    return same.map(m -> edit.apply(impression, parsed, m)).orElse(impression);
  }

  /** After a finding was asserted in the findings, a normal impression would contradict it. */
  private String assertInImpression(String impression, FindingSpec finding, FindingRenderer.Look look,
      boolean chest, List<Operation> ops) {
    if (impression.isBlank()) {
      return impression;
    }
    ParsedText parsed = parser.parse(impression);
    if (parsed.present().isEmpty() && !parsed.normals().isEmpty()) {
      String after = TextEdits.capitalize(renderer.phrase(finding, look)) + ".";
      ops.add(op(OperationNames.CHANGE_IMPRESSION, finding.name(), impression, after));
      return after;
    }
    return impression;
  }

  private String negatePresent(String text, ParsedText parsed, FindingMention m, List<Operation> ops) {
    Span sentence = parsed.sentences().get(m.sentence());
    List<FindingMention> inSentence = parsed.inSentence(m.sentence());
    List<FindingMention> otherPresent = inSentence.stream()
        .filter(o -> o.present() && !o.name().equals(m.name())).toList();
    List<String> denied = new ArrayList<>();
    denied.add(m.name());
    inSentence.stream().filter(o -> !o.present() && !denied.contains(o.name()))
        .forEach(o -> denied.add(o.name()));
    StringBuilder replacement = new StringBuilder();
    if (otherPresent.isEmpty()) {
      replacement.append(FindingRenderer.negativeSentence(denied));
    } else {
      replacement.append(FindingRenderer.negativeSentence(List.of(m.name())));
      for (FindingMention other : otherPresent) {
        replacement.append(' ').append(renderer.sentence(other.finding(), lookOf(other)));
      }
      if (denied.size() > 1) {
        replacement.append(' ').append(FindingRenderer.negativeSentence(denied.subList(1, denied.size())));
      }
    }
    return replaceSentence(text, sentence, replacement.toString(), OperationNames.NEGATE_FINDING, m.name(), ops);
  }

  private String negateAbsent(String text, ParsedText parsed, FindingMention m,
      FindingRenderer.Look look, List<Operation> ops) {
    Span sentence = parsed.sentences().get(m.sentence());
    List<FindingMention> inSentence = parsed.inSentence(m.sentence());
    boolean allAbsent = inSentence.stream().noneMatch(FindingMention::present)
        && parsed.normals().stream().noneMatch(n -> n.sentence() == m.sentence());
    String positive = renderer.sentence(m.finding(), look);
    String replacement;
    if (allAbsent) {
      List<String> remaining = new ArrayList<>();
      inSentence.stream().map(FindingMention::name)
          .filter(n -> !n.equals(m.name()) && !remaining.contains(n)).forEach(remaining::add);
      replacement = remaining.isEmpty() ? positive
          : FindingRenderer.negativeSentence(remaining) + " " + positive;
    } else {
      String local = sentence.of(text);
      Span relative = new Span(m.span().start() - sentence.start(), m.span().end() - sentence.start());
      replacement = removeListItem(local, relative) + " " + positive;
    }
    return replaceSentence(text, sentence, replacement, OperationNames.NEGATE_FINDING, m.name(), ops);
  }

  /** Removes one item of a list ("a, b, or c") with its separator, and a cue left dangling. */
  static String removeListItem(String sentence, Span item) {
    String before = sentence.substring(0, item.start());
    String after = sentence.substring(item.end());
    java.util.regex.Matcher next = java.util.regex.Pattern
        .compile("^(\\s*,\\s*(?:or|and|nor)?\\s*|\\s+(?:or|and|nor)\\s+)").matcher(after);
    java.util.regex.Matcher prev = java.util.regex.Pattern
        .compile("(\\s*,\\s*(?:or|and|nor)?\\s*|\\s+(?:or|and|nor)\\s+)$").matcher(before);
    String joined;
    if (next.find()) {
      joined = before + after.substring(next.end());
    } else if (prev.find()) {
      joined = before.substring(0, prev.start()) + after;
    } else {
      joined = before + after;
    }
    // A cue with nothing left to negate: "Small effusion without ." -> "Small effusion."
    joined = joined.replaceAll(
        "(?i)[,;]?\\s*\\b(?:with no|and no|or no|without|no evidence of|negative for|free of|no)\\s*(?=[.;,]|$)", "");
    return joined;
  }

  private String flipNormal(String text, ParsedText parsed, NormalMention normal, FindingSpec finding,
      FindingRenderer.Look look, List<Operation> ops) {
    Span sentence = parsed.sentences().get(normal.sentence());
    String local = sentence.of(text);
    Span relative = new Span(normal.span().start() - sentence.start(), normal.span().end() - sentence.start());
    String original = relative.of(local);
    String clause = TextEdits.matchCase(original, renderer.clause(finding, look));
    String replacement = TextEdits.replace(local, relative, clause);
    return replaceSentence(text, sentence, replacement, OperationNames.NEGATE_FINDING, finding.name(), ops);
  }

  static boolean swappable(FindingMention m) {
    if (m.laterality() == null) {
      return false;
    }
    String surface = m.laterality().surface().toLowerCase(Locale.ROOT);
    return !surface.equals("both");
  }

  private static String newSide(FindingMention m, SplittableRandom rng) {
    return switch (m.laterality().value()) {
      case "left" -> "right";
      case "right" -> "left";
      default -> rng.nextBoolean() ? "left" : "right";
    };
  }

  private String swapLaterality(String text, ParsedText parsed, FindingMention m, String side,
      List<Operation> ops) {
    Span sentence = parsed.sentences().get(m.sentence());
    List<Replacement> reps = new ArrayList<>();
    boolean toSingular = m.laterality().value().equals("bilateral") && m.plural() && m.finding().countable();
    String locSurface = m.location() == null ? "" : m.location().surface().toLowerCase(Locale.ROOT);
    LocationSpec loc = m.location() == null ? null : lexicon.location(m.location().value()).orElse(null);
    boolean adjective = m.location() != null && m.location().span().end() < m.span().start();
    if (m.hasExplicitLaterality()) {
      String surface = m.laterality().surface();
      String lower = surface.toLowerCase(Locale.ROOT);
      String replaced;
      if (lower.endsWith("-sided")) {
        replaced = side + "-sided";
      } else if (lower.endsWith(" sided")) {
        replaced = side + " sided";
      } else if (lower.equals("bilaterally")) {
        replaced = "on the " + side;
      } else {
        replaced = side;
      }
      if (loc != null && !loc.existsOn(side)) {
        // "right middle lobe" has no left counterpart of the same name: the lingula takes no side.
        LocationSpec counterpart = counterpart(loc, side);
        boolean adjacent = m.laterality().span().end() < m.location().span().start()
            && text.substring(m.laterality().span().end(), m.location().span().start()).isBlank();
        String newLoc = !counterpart.sideWord()
            ? (adjective ? counterpart.adjective() : counterpart.noun())
            : side + " " + (adjective ? counterpart.adjective() : counterpart.noun());
        if (adjacent) {
          reps.add(new Replacement(new Span(m.laterality().span().start(), m.location().span().end()),
              TextEdits.matchCase(surface, newLoc)));
        } else {
          reps.add(new Replacement(m.laterality().span(), TextEdits.matchCase(surface, replaced)));
          reps.add(new Replacement(m.location().span(), TextEdits.matchCase(m.location().surface(),
              adjective ? counterpart.adjective() : counterpart.noun())));
        }
      } else {
        reps.add(new Replacement(m.laterality().span(), TextEdits.matchCase(surface, replaced)));
      }
    } else {
      // The side is implied by the location: bibasilar, lingula, middle lobe, retrocardiac.
      String replaced;
      if (locSurface.startsWith("bi")) {
        replaced = side + " " + (adjective ? loc.adjective() : loc.noun());
      } else {
        LocationSpec counterpart = counterpart(loc, side);
        replaced = !counterpart.sideWord()
            ? (adjective ? counterpart.adjective() : counterpart.noun())
            : side + " " + (adjective ? counterpart.adjective() : counterpart.noun());
      }
      reps.add(new Replacement(m.location().span(), TextEdits.matchCase(m.location().surface(), replaced)));
    }
    if (toSingular) {
      reps.addAll(singularize(text, sentence, m));
    }
    return editSentence(text, sentence, reps, OperationNames.SWAP_LATERALITY, m.name(), ops);
  }

  /** The location on {@code side} that stands where {@code loc} stood on the other side. */
  private LocationSpec counterpart(LocationSpec loc, String side) {
    if (loc.existsOn(side)) {
      return loc;
    }
    return switch (loc.name()) {
      case "middle lobe" -> lexicon.location("lingula").orElseThrow();
      case "lingula" -> lexicon.location("middle lobe").orElseThrow();
      default -> lexicon.location("basilar").orElseThrow();
    };
  }

  /** Edits that turn a plural mention singular: the noun, "There are", a following "are". */
  private List<Replacement> singularize(String text, Span sentence, FindingMention m) {
    List<Replacement> reps = new ArrayList<>();
    String surface = m.span().of(text);
    reps.add(new Replacement(m.span(), TextEdits.singular(surface)));
    int phraseStart = phraseStart(m);
    String head = text.substring(sentence.start(), phraseStart);
    java.util.regex.Matcher thereAre = java.util.regex.Pattern.compile("(?i)\\b(there) are\\s+$").matcher(head);
    if (thereAre.find()) {
      reps.add(new Replacement(new Span(sentence.start() + thereAre.start(), phraseStart),
          thereAre.group(1) + " is a "));
    }
    String tail = text.substring(m.span().end(), sentence.end());
    java.util.regex.Matcher are = java.util.regex.Pattern.compile("^\\s+are\\b").matcher(tail);
    if (are.find()) {
      reps.add(new Replacement(new Span(m.span().end() + are.end() - 3, m.span().end() + are.end()), "is"));
    }
    return reps;
  }

  /** Start of the modifiers written before the finding's noun. */
  private static int phraseStart(FindingMention m) {
    int start = m.span().start();
    for (var attribute : new org.mmedpo.streams.radiology.Attribute[] {m.severity(), m.laterality(), m.location()}) {
      if (attribute != null && attribute.span() != null && attribute.span().end() <= m.span().start()
          && m.span().start() - attribute.span().end() <= 40) {
        start = Math.min(start, attribute.span().start());
      }
    }
    return start;
  }

  private List<LocationSpec> newLocations(FindingMention m) {
    LocationSpec loc = lexicon.location(m.location().value()).orElse(null);
    if (loc == null) {
      return List.of();
    }
    String side = m.laterality() == null ? null : m.laterality().value();
    boolean sided = "left".equals(side) || "right".equals(side);
    return lexicon.locationsIn(loc.group(), sided ? side : null).stream()
        .filter(l -> !l.name().equals(loc.name()))
        .filter(l -> sided || l.side() == null)
        .filter(l -> !m.finding().fits(loc) || m.finding().fits(l))
        .toList();
  }

  private String moveLocation(String text, ParsedText parsed, FindingMention m, LocationSpec to,
      List<Operation> ops) {
    Span sentence = parsed.sentences().get(m.sentence());
    LocationSpec from = lexicon.location(m.location().value()).orElseThrow();
    String surface = m.location().surface();
    String lower = surface.toLowerCase(Locale.ROOT);
    boolean adjective = m.location().span().end() < m.span().start();
    String form;
    if (lower.startsWith("bi")) {
      form = "bilateral " + to.adjective();
    } else if (!adjective && lower.endsWith("s") && !lower.equals(from.adjective())) {
      form = pluralNoun(to.noun());
    } else {
      form = adjective ? to.adjective() : to.noun();
    }
    List<Replacement> reps = new ArrayList<>();
    if (!from.sideWord() && to.sideWord() && !m.hasExplicitLaterality() && from.side() != null) {
      form = from.side() + " " + form;
    }
    boolean sideBefore = m.hasExplicitLaterality() && m.laterality().span().end() <= m.location().span().start()
        && text.substring(m.laterality().span().end(), m.location().span().start()).isBlank();
    if (!to.sideWord() && sideBefore) {
      // "left lower lobe" -> "lingular", never "left lingular".
      reps.add(new Replacement(new Span(m.laterality().span().start(), m.location().span().end()),
          TextEdits.matchCase(m.laterality().surface(), form)));
    } else {
      reps.add(new Replacement(m.location().span(), TextEdits.matchCase(surface, form)));
    }
    return editSentence(text, sentence, reps, OperationNames.MOVE_LOCATION, m.name(), ops);
  }

  private static String pluralNoun(String noun) {
    return switch (noun) {
      case "apex" -> "apices";
      case "base" -> "bases";
      default -> noun.endsWith("s") ? noun : noun + "s";
    };
  }

  private String newLevel(FindingMention m) {
    List<String> levels = lexicon.levels(m.finding().scale());
    String top = levels.get(levels.size() - 1);
    String low = levels.size() > 3 ? levels.get(1) : levels.get(0);
    if (m.severity() == null) {
      return top;
    }
    double rank = lexicon.rank(m.finding().scale(), m.severity().value());
    return rank < 0 || rank <= 0.5 ? top : low;
  }

  private String changeSeverity(String text, ParsedText parsed, FindingMention m, String level,
      List<Operation> ops) {
    Span sentence = parsed.sentences().get(m.sentence());
    List<Replacement> reps = new ArrayList<>();
    java.util.regex.Matcher size = MEASUREMENT.matcher(sentence.of(text));
    if (m.severity() == null && size.find()) {
      // A measured finding changes size by its measurement: "1 cm nodule" -> "3 cm nodule".
      double value = Double.parseDouble(size.group(1));
      boolean small = size.group(2).equalsIgnoreCase("mm") ? value <= 20 : value <= 2;
      double changed = small ? value * 3 : value / 3;
      String written = changed == Math.rint(changed) ? String.valueOf((long) changed)
          : String.format(Locale.ROOT, "%.1f", changed);
      reps.add(new Replacement(new Span(sentence.start() + size.start(1), sentence.start() + size.end(1)), written));
    } else if (m.severity() != null && m.severity().span() != null) {
      String surface = m.severity().surface();
      String word = level;
      if (surface.toLowerCase(Locale.ROOT).endsWith("ly")) {
        word = adverb(m.finding().scale(), level);
      }
      reps.add(new Replacement(m.severity().span(), TextEdits.matchCase(surface, word)));
    } else {
      int at = phraseStart(m);
      if (at == sentence.start()) {
        String firstWord = text.substring(at, firstWordEnd(text, at));
        reps.add(new Replacement(new Span(at, at + firstWord.length()),
            level + " " + TextEdits.decapitalize(firstWord)));
      } else {
        reps.add(new Replacement(new Span(at, at), level + " "));
      }
    }
    return editSentence(text, sentence, reps, OperationNames.CHANGE_SEVERITY, m.name(), ops);
  }

  private static int firstWordEnd(String text, int at) {
    int end = at;
    while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
      end++;
    }
    return Math.max(end, at + 1);
  }

  private String adverb(String scale, String level) {
    return switch (level) {
      case "mild" -> "mildly";
      case "moderate" -> "moderately";
      case "severe" -> "severely";
      default -> level;
    };
  }

  private String substitute(String text, ParsedText parsed, FindingMention m, FindingSpec to,
      List<Operation> ops) {
    Span sentence = parsed.sentences().get(m.sentence());
    List<Replacement> reps = new ArrayList<>();
    String surface = m.span().of(text);
    reps.add(new Replacement(m.span(), TextEdits.matchCase(surface, to.name(m.plural()))));
    if (m.severity() != null && m.severity().span() != null && to.scale() != null
        && m.finding().scale() != null && !to.scale().equals(m.finding().scale())) {
      {
        double rank = lexicon.rank(m.finding().scale(), m.severity().value());
        List<String> levels = lexicon.levels(to.scale());
        String level = levels.get((int) Math.round(Math.max(0, rank) * (levels.size() - 1)));
        reps.add(new Replacement(m.severity().span(), TextEdits.matchCase(m.severity().surface(), level)));
      }
    }
    if (!to.lateral() && m.hasExplicitLaterality()) {
      reps.add(new Replacement(withTrailingSpace(text, m.laterality().span()), ""));
    }
    int start = phraseStart(m);
    String head = text.substring(sentence.start(), start);
    java.util.regex.Matcher article = java.util.regex.Pattern.compile("(?i)\\b(an?)\\s+$").matcher(head);
    if (!to.countable() && !m.plural() && article.find()) {
      reps.add(new Replacement(new Span(sentence.start() + article.start(), start), ""));
    } else if (to.countable() && !m.plural() && !m.finding().countable()
        && head.matches("(?is).*\\b(is|with|shows|demonstrates|of|represents|for)\\s+$")) {
      reps.add(new Replacement(new Span(start, start), "a "));
    }
    return editSentence(text, sentence, reps, OperationNames.SUBSTITUTE_FINDING, m.name(), ops);
  }

  private static Span withTrailingSpace(String text, Span span) {
    int end = span.end();
    while (end < text.length() && text.charAt(end) == ' ') {
      end++;
    }
    return new Span(span.start(), end);
  }

  private String invent(String text, ParsedText parsed, FindingSpec finding, FindingRenderer.Look look,
      SplittableRandom rng, List<Operation> ops) {
    for (NormalMention normal : parsed.normals()) {
      if (normal.statement().denies().contains(finding.name())) {
        return flipNormal(text, parsed, normal, finding, look, ops);
      }
    }
    String sentence = renderer.sentence(finding, look);
    List<Span> sentences = parsed.sentences();
    if (sentences.isEmpty()) {
      ops.add(op(OperationNames.INVENT_FINDING, finding.name(), "", sentence));
      return sentence;
    }
    int position = 1 + rng.nextInt(sentences.size());
    String edited;
    if (position >= sentences.size()) {
      edited = text.strip() + " " + sentence;
    } else {
      int at = sentences.get(position).start();
      edited = text.substring(0, at) + sentence + " " + text.substring(at);
    }
    ops.add(op(OperationNames.INVENT_FINDING, finding.name(), "", sentence));
    return edited;
  }

  private String omit(String text, ParsedText parsed, FindingMention m, List<Operation> ops) {
    Span sentence = parsed.sentences().get(m.sentence());
    int end = sentence.end();
    while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    ops.add(op(OperationNames.OMIT_FINDING, m.name(), sentence.of(text), ""));
    return text.substring(0, sentence.start()) + text.substring(end);
  }

  private String changeImpression(String impression, boolean chest, SplittableRandom rng,
      List<Operation> ops) {
    ParsedText parsed = parser.parse(impression);
    String after;
    String finding = null;
    if (!parsed.present().isEmpty()) {
      after = chest ? CHEST_NORMAL_IMPRESSION : NORMAL_IMPRESSION;
      finding = parsed.present().stream()
          .max(Comparator.comparingDouble(m -> m.finding().significance())).orElseThrow().name();
    } else {
      List<FindingSpec> options = chest ? inventable(parsed) : List.of();
      if (options.isEmpty()) {
        return impression;
      }
      FindingSpec spec = options.get(rng.nextInt(options.size()));
      after = TextEdits.capitalize(renderer.phrase(spec, renderer.plausible(spec, rng))) + ".";
      finding = spec.name();
    }
    ops.add(op(OperationNames.CHANGE_IMPRESSION, finding, impression, after));
    return after;
  }

  // ---------------------------------------------------------------- plumbing

  private FindingRenderer.Look lookOf(FindingMention m) {
    LocationSpec loc = m.location() == null ? null : lexicon.location(m.location().value()).orElse(null);
    String level = m.severity() == null ? null : m.severity().value();
    if (level != null && m.finding().scale() != null && lexicon.rank(m.finding().scale(), level) < 0) {
      level = null;
    }
    return new FindingRenderer.Look(m.laterality() == null ? null : m.laterality().value(), loc, level,
        m.plural());
  }

  private String editSentence(String text, Span sentence, List<Replacement> reps, String opName,
      String finding, List<Operation> ops) {
    String local = sentence.of(text);
    List<Replacement> ordered = new ArrayList<>(reps);
    ordered.sort(Comparator.comparingInt((Replacement r) -> r.span().start()).reversed());
    String edited = local;
    for (Replacement r : ordered) {
      Span relative = new Span(r.span().start() - sentence.start(), r.span().end() - sentence.start());
      edited = TextEdits.replace(edited, relative, r.text());
    }
    return replaceSentence(text, sentence, edited, opName, finding, ops);
  }

  private static String replaceSentence(String text, Span sentence, String replacement, String opName,
      String finding, List<Operation> ops) {
    String before = sentence.of(text);
    String after = TextEdits.tidy(replacement);
    if (after.equals(before)) {
      return text;
    }
    ops.add(op(opName, finding, before, after));
    return TextEdits.replace(text, sentence, after);
  }

  static Operation op(String name, String finding, String before, String after) {
    return Operation.newBuilder().setName(name).setFinding(finding).setBefore(before).setAfter(after).build();
  }
}
