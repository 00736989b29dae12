package org.mmedpo.streams.hallucination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmedpo.events.Operation;
import org.mmedpo.streams.radiology.ConceptGroup;
import org.mmedpo.streams.radiology.ConceptMention;
import org.mmedpo.streams.radiology.FindingMention;
import org.mmedpo.streams.radiology.FindingSpec;
import org.mmedpo.streams.radiology.LocationSpec;
import org.mmedpo.streams.radiology.ParsedText;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.radiology.ReportParser;

/**
 * The VQA half of the clinical hallucination engine: a confident wrong answer with a plausible
 * justification, as in the released MMedPO data (ground truth about 2 words, rejected about 13,
 * e.g. "Yes" against "No, the CT scan shows no regions of the brain that are infarcted ...").
 *
 * <p>Closed (yes/no) answers flip and restate the question as a statement, backed by what the
 * image would show ("Yes, there is evidence of a pneumothorax, with a visible visceral pleural
 * line ..."). Open answers swap what they name for a plausible alternative: a confusable finding,
 * the other side, a neighbouring location, another modality, plane, sequence or organ, a nearby
 * number.
 */
final class VqaAnswerWriter {

  /** A written answer and its operation. */
  record Result(String text, Operation operation) {}

  private static final Set<String> BE = Set.of("is", "are", "was", "were");
  private static final Set<String> DO = Set.of("does", "do", "did");
  private static final Set<String> MODAL = Set.of("can", "could", "will", "would", "should", "may",
      "might", "must", "has", "have", "had");
  private static final Set<String> PRONOUNS = Set.of("this", "that", "it", "these", "those", "he",
      "she", "they", "you", "we", "i");
  private static final Set<String> PREDICATE_WORDS = Set.of("a", "an", "normal", "abnormal", "present",
      "visible", "seen", "located", "in", "on", "at", "within", "inside", "outside", "consistent",
      "more", "less", "larger", "smaller", "midline", "enlarged", "dilated", "shown", "noted", "clear",
      "evident", "visualized", "identified", "due", "caused", "compatible", "suggestive", "affected",
      "involved", "free", "intact", "symmetric", "symmetrical", "bigger", "brighter", "darker",
      "hyperintense", "hypointense", "hyperdense", "hypodense", "taken", "obtained", "performed",
      "better", "worse", "same", "different", "equal", "part", "likely", "benign", "malignant",
      "acute", "chronic", "old", "new", "fractured", "broken", "healthy", "unremarkable",
      "contrast", "enhanced", "calcified", "patent", "occluded", "displaced", "herniated", "possible",
      "able", "too", "very", "well", "with", "without");
  private static final Set<String> VERBS = Set.of("have", "show", "demonstrate", "contain", "appear",
      "involve", "extend", "cross", "affect", "enhance", "represent", "look", "suggest", "indicate",
      "need", "require", "exhibit", "reveal", "display", "see", "appreciate", "identify", "tell",
      "be", "been", "spread", "cause", "occupy", "compress", "displace", "obstruct", "seem");
  private static final Set<String> DETERMINER_PRONOUNS = Set.of("this", "that", "these", "those");
  private static final Pattern WHERE = Pattern.compile(
      "(?i)^where (?:(is|are|was|were) (.+?)(?: (?:located|seen|found|placed|situated))?"
      + "(?: (?:in|on) (?:this|the) (?:image|film|scan|study|radiograph))?"
      + "|(?:do|does|can|could) (?:you|we|one) (?:see|find|identify|locate) (.+?))$");
  /** Organs a reader could confuse, by body region. */
  private static final List<Set<String>> ORGAN_REGIONS = List.of(
      Set.of("chest", "heart", "aorta"),
      Set.of("abdomen", "liver", "kidney", "gallbladder", "spleen", "pancreas", "colon", "pelvis"),
      Set.of("brain", "spine"));
  private static final Set<String> LATERALITY_ANSWER_WORDS = Set.of("left", "right", "bilateral",
      "side", "sided", "left-sided", "right-sided", "the", "on", "lung", "hemithorax", "both", "sides",
      "of", "patient's", "patients");
  private static final Pattern NUMBER = Pattern.compile("\\b(\\d+)\\b");

  private final RadiologyLexicon lexicon;
  private final ReportParser parser;
  private final FindingRenderer renderer;

  VqaAnswerWriter(RadiologyLexicon lexicon) {
    this.lexicon = lexicon;
    this.parser = new ReportParser(lexicon);
    this.renderer = new FindingRenderer(lexicon);
  }

  /** True when {@code answer} is a yes or a no. */
  static Optional<Boolean> polarity(String answer) {
    String first = firstWord(answer);
    if (first.equals("yes")) {
      return Optional.of(true);
    }
    if (first.equals("no")) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  private static String firstWord(String text) {
    String t = clean(text).toLowerCase(Locale.ROOT);
    int end = 0;
    while (end < t.length() && Character.isLetter(t.charAt(end))) {
      end++;
    }
    return t.substring(0, end);
  }

  /** The question or answer without the image token, surrounding space and final ? or . */
  static String clean(String text) {
    String t = text == null ? "" : text.replace("<image>", " ").strip();
    while (!t.isEmpty() && (t.endsWith("?") || t.endsWith(".") || t.endsWith("!"))) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t.replaceAll("\\s+", " ");
  }

  /** A wrong answer to {@code question}, whose ground truth is {@code answer}. */
  Result answer(String question, String answer, String imageNoun, SplittableRandom rng) {
    Optional<Boolean> yes = polarity(answer);
    if (yes.isPresent()) {
      return closed(question, answer, !yes.get(), imageNoun);
    }
    return open(question, answer, imageNoun, rng);
  }

  // ---------------------------------------------------------------- closed

  private Result closed(String question, String answer, boolean claimYes, String imageNoun) {
    String cleaned = clean(question);
    ParsedText q = parser.parse(cleaned);
    // The topic is what the question asks about: its last finding ("Is the mass a cyst?").
    Optional<FindingMention> topic = q.mentions().isEmpty() ? Optional.empty()
        : Optional.of(q.mentions().get(q.mentions().size() - 1));
    String statement = declarative(question, claimYes);
    StringBuilder text = new StringBuilder(claimYes ? "Yes" : "No");
    if (statement == null) {
      text.append(", the ").append(imageNoun).append(claimYes ? " confirms this" : " does not show this");
    } else {
      text.append(", ").append(statement);
    }
    String justification = topic.map(t -> justification(t, claimYes, cleaned, statement)).orElse(null);
    if (justification != null) {
      text.append(justification);
    } else if (statement != null && TextEdits.words(statement) < 9
        && !statement.toLowerCase(Locale.ROOT).contains("image")
        && !statement.toLowerCase(Locale.ROOT).contains(imageNoun.toLowerCase(Locale.ROOT))) {
      text.append(" on this ").append(imageNoun);
    }
    text.append('.');
    String result = TextEdits.tidy(text.toString());
    return new Result(result, ReportEditor.op(OperationNames.WRONG_ANSWER,
        topic.map(FindingMention::name).orElse(null), answer.strip(), result));
  }

  /** ", with <evidence>" or ", and <normal sign>", or null when it would contradict or repeat. */
  private static String justification(FindingMention topic, boolean claimYes, String question,
      String statement) {
    FindingSpec finding = topic.finding();
    boolean claimsPresence = claimYes == topic.present();
    String before = question.substring(0, topic.span().start()).toLowerCase(Locale.ROOT).stripTrailing();
    boolean presupposed = before.endsWith(" the") || before.endsWith(" this") || before.endsWith(" that");
    if (!claimsPresence && (presupposed || finding.category().equals("generic"))) {
      return null;
    }
    String sign = claimsPresence ? finding.evidence() : finding.normal();
    String lowerStatement = statement == null ? "" : statement.toLowerCase(Locale.ROOT);
    String surface = topic.span().of(question).toLowerCase(Locale.ROOT);
    if (sign.contains(surface) && lowerStatement.contains(surface) && !claimsPresence) {
      return null;
    }
    return claimsPresence ? ", with " + sign : ", and " + sign;
  }

  /**
   * The question as a statement: "Is the heart enlarged" becomes "the heart is enlarged" or "the
   * heart is not enlarged". Null when the question does not start with an auxiliary verb.
   */
  static String declarative(String question, boolean yes) {
    String[] w = clean(question).split(" ");
    if (w.length < 2) {
      return null;
    }
    String aux = w[0].toLowerCase(Locale.ROOT);
    if (BE.contains(aux)) {
      if (w[1].equalsIgnoreCase("there")) {
        String rest = join(w, 2, w.length);
        if (rest.isEmpty()) {
          return null;
        }
        String positive = rest;
        if (rest.toLowerCase(Locale.ROOT).startsWith("any ")) {
          positive = (aux.equals("is") || aux.equals("was") ? "a " : "") + rest.substring(4);
        }
        return "there " + aux + " " + (yes ? positive : negateNounPhrase(rest));
      }
      int split = predicateStart(w, 1);
      if (split < 0) {
        return null;
      }
      return lowerFirst(join(w, 1, split)) + " " + aux + (yes ? " " : " not ") + join(w, split, w.length);
    }
    if (DO.contains(aux)) {
      int verb = verbIndex(w, 1);
      if (verb < 0) {
        return null;
      }
      String subject = lowerFirst(join(w, 1, verb));
      String v = w[verb];
      String rest = join(w, verb + 1, w.length);
      String tail = rest.isEmpty() ? "" : " " + rest;
      if (yes) {
        String conjugated = switch (aux) {
          case "does" -> thirdPerson(v);
          case "did" -> "did " + v;
          default -> v;
        };
        return subject + " " + conjugated + tail;
      }
      return subject + " " + aux + " not " + v + tail;
    }
    if (MODAL.contains(aux)) {
      int verb = verbIndex(w, 1);
      if (verb < 0) {
        verb = predicateStart(w, 1);
      }
      if (verb < 0) {
        return null;
      }
      String negation = aux.equals("can") ? "cannot" : aux + " not";
      return lowerFirst(join(w, 1, verb)) + " " + (yes ? aux : negation) + " " + join(w, verb, w.length);
    }
    return null;
  }

  private static String negateNounPhrase(String rest) {
    String lower = rest.toLowerCase(Locale.ROOT);
    for (String determiner : List.of("a ", "an ", "any ", "some ")) {
      if (lower.startsWith(determiner)) {
        return "no " + rest.substring(determiner.length());
      }
    }
    if (lower.startsWith("no ")) {
      return "a " + rest.substring(3);
    }
    return "no " + rest;
  }

  private static int predicateStart(String[] w, int from) {
    String first = w[from].toLowerCase(Locale.ROOT);
    boolean determiner = DETERMINER_PRONOUNS.contains(first) && from + 1 < w.length
        && !isPredicateWord(w[from + 1]);
    if (PRONOUNS.contains(first) && !determiner) {
      return from + 1 < w.length ? from + 1 : -1;
    }
    for (int i = from + 1; i < w.length; i++) {
      if (isPredicateWord(w[i])) {
        // "Is the silhouette of normal contour": the predicate starts at "of".
        return w[i - 1].equalsIgnoreCase("of") && i - 1 > from + 1 ? i - 1 : i;
      }
    }
    return w.length - from >= 2 ? w.length - 1 : -1;
  }

  private static boolean isPredicateWord(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    return PREDICATE_WORDS.contains(lower) || (lower.endsWith("ed") && lower.length() > 4);
  }

  private static int verbIndex(String[] w, int from) {
    for (int i = from + 1; i < w.length; i++) {
      if (VERBS.contains(w[i].toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }

  private static String thirdPerson(String verb) {
    String v = verb.toLowerCase(Locale.ROOT);
    if (v.equals("have")) {
      return "has";
    }
    if (v.endsWith("s") || v.endsWith("sh") || v.endsWith("ch") || v.endsWith("x")) {
      return verb + "es";
    }
    if (v.endsWith("y") && v.length() > 1 && "aeiou".indexOf(v.charAt(v.length() - 2)) < 0) {
      return verb.substring(0, verb.length() - 1) + "ies";
    }
    return verb + "s";
  }

  private static String join(String[] w, int from, int to) {
    return String.join(" ", Arrays.asList(w).subList(Math.min(from, to), to));
  }

  private static String lowerFirst(String s) {
    return TextEdits.decapitalize(s);
  }

  // ---------------------------------------------------------------- open

  private Result open(String question, String answer, String imageNoun, SplittableRandom rng) {
    String a = clean(answer);
    ParsedText parsed = parser.parse(a);
    String cleanedQuestion = clean(question);
    ParsedText q = parser.parse(cleanedQuestion);
    String topicFinding = q.mentions().isEmpty() ? null : q.mentions().get(q.mentions().size() - 1).name();
    String[] where = whereSubject(cleanedQuestion);
    String subject = where != null ? where[0] : "the " + (topicFinding == null ? "abnormality" : topicFinding);
    String verb = where != null ? where[1] : "is";

    Optional<FindingMention> finding = parsed.present().stream()
        .filter(m -> !m.finding().confusables().isEmpty()).findFirst();
    if (finding.isPresent()) {
      FindingMention m = finding.get();
      List<String> confusables = m.finding().confusables();
      FindingSpec to = lexicon.finding(confusables.get(rng.nextInt(confusables.size()))).orElseThrow();
      String replaced = TextEdits.replace(a, m.span(), to.name(m.plural()));
      String lowered = TextEdits.decapitalize(replaced);
      boolean determiner = lowered.matches("(?i)^(a|an|the|no|some|multiple|several|two|three)\\b.*");
      String article = to.countable() && !m.plural() && !determiner ? "a " : "";
      return result(answer, to.name(), "The " + imageNoun + " shows " + article + lowered + ", with "
          + to.evidence() + ".");
    }
    String lower = a.toLowerCase(Locale.ROOT);
    boolean hasLeft = lower.matches(".*\\bleft\\b.*");
    boolean hasRight = lower.matches(".*\\bright\\b.*");
    if (isLateralityOnly(parsed, a)) {
      String wrong = hasLeft && !hasRight ? "right" : hasRight && !hasLeft ? "left"
          : (rng.nextBoolean() ? "left" : "right");
      return result(answer, topicFinding, TextEdits.capitalize(subject) + " " + verb + " on the " + wrong
          + " side of the " + imageNoun + ".");
    }
    if (hasLeft != hasRight) {
      // One side named: the same answer on the other side. The right middle lobe's left
      // counterpart is the lingula, which takes no side word.
      String swapped = a.replaceAll("(?i)\\b" + (hasLeft ? "left" : "right") + "\\b", hasLeft ? "right" : "left");
      swapped = swapped.replaceAll("(?i)\\bleft middle lobe\\b", "lingula");
      swapped = TextEdits.matchCase(a, swapped);
      if (where == null) {
        String lowered = TextEdits.decapitalize(swapped);
        return result(answer, topicFinding, "The " + imageNoun + " shows "
            + (lowered.matches("(?i)^(a|an|the)\\b.*") ? "" : "a ") + lowered + ".");
      }
      return result(answer, topicFinding, placeSentence(subject, verb, swapped, imageNoun));
    }
    Optional<Result> size = changeSize(a, answer, subject, topicFinding, imageNoun);
    if (size.isPresent()) {
      return size.get();
    }
    Optional<Result> location = moveLocation(a, answer, subject, verb, topicFinding, imageNoun, rng);
    if (location.isPresent()) {
      return location.get();
    }
    if (!parsed.concepts().isEmpty()) {
      ConceptMention c = parsed.concepts().get(0);
      ConceptGroup group = lexicon.conceptGroup(c.ref().group()).orElseThrow();
      String member = otherMember(group, c.ref().member(), rng);
      String display = display(member);
      String text = switch (group.group()) {
        case "modality" -> "This is " + (TextEdits.vowelSound(display) ? "an " : "a ") + display
            + " image, based on the appearance of the tissues.";
        case "plane" -> "This image is in the " + display + " plane.";
        case "projection" -> "This film was taken in the " + display + " projection.";
        case "sequence" -> "This is a " + display + " image, as shown by the signal of the fluid.";
        case "composition" -> "The lesion is composed of " + display + ", based on its density.";
        case "tissue", "compartment" -> {
          String place = group.group().equals("compartment") ? display + " space" : display;
          yield where != null ? placeSentence(subject, verb, place, imageNoun) : "It is in the " + place + ".";
        }
        case "contrast" -> member.equals("contrast")
            ? "This image was acquired with intravenous contrast, as the vessels are bright."
            : "This image was acquired without contrast, as the vessels are not enhanced.";
        default -> where != null
            ? placeSentence(subject, verb, display, imageNoun)
            : "The " + imageNoun + " shows the " + display + ".";
      };
      return result(answer, group.group(), text);
    }
    Matcher number = NUMBER.matcher(a);
    if (number.find()) {
      int n = Integer.parseInt(number.group(1));
      int wrong = n > 1 && rng.nextBoolean() ? n - 1 : n + 1;
      String text = TextEdits.capitalize(a.substring(0, number.start()) + wrong + a.substring(number.end())) + ".";
      return result(answer, null, text);
    }
    if (!parsed.normals().isEmpty() || lower.equals("none") || lower.equals("normal")
        || !parsed.absent().isEmpty()) {
      List<FindingSpec> inventable = lexicon.findings().stream().filter(FindingSpec::invent).toList();
      FindingSpec spec = inventable.get(rng.nextInt(inventable.size()));
      String phrase = renderer.phrase(spec, renderer.plausible(spec, rng));
      return result(answer, spec.name(), "The " + imageNoun + " shows " + article(spec, phrase) + phrase
          + ", with " + spec.evidence() + ".");
    }
    return result(answer, null, "No abnormality is seen on this " + imageNoun + ".");
  }

  /** An answer that is a size or severity ("small", "moderate"): the other end of its scale. */
  private Optional<Result> changeSize(String a, String answer, String subject, String topicFinding,
      String imageNoun) {
    String word = a.toLowerCase(Locale.ROOT).strip();
    String scale = topicFinding == null ? null : lexicon.finding(topicFinding).map(FindingSpec::scale).orElse(null);
    if (scale == null) {
      scale = lexicon.scaleOf(word).orElse(null);
    }
    if (scale == null || word.contains(" ")) {
      return Optional.empty();
    }
    if (lexicon.level(scale, word).isEmpty()) {
      // "large" atelectasis: a size word for a finding graded by degree
      scale = lexicon.scaleOf(word).orElse(scale);
    }
    Optional<String> level = lexicon.level(scale, word);
    if (level.isEmpty()) {
      return Optional.empty();
    }
    List<String> levels = lexicon.levels(scale);
    double rank = lexicon.rank(scale, level.get());
    String wrong = rank <= 0.5 ? levels.get(levels.size() - 1) : levels.get(levels.size() > 3 ? 1 : 0);
    return Optional.of(result(answer, topicFinding, TextEdits.capitalize(subject) + " is " + wrong
        + " on this " + imageNoun + "."));
  }

  /** For "Where is X located?" questions: {X, is}; otherwise null. */
  static String[] whereSubject(String question) {
    Matcher m = WHERE.matcher(question);
    if (!m.matches()) {
      return null;
    }
    if (m.group(2) != null) {
      return new String[] {TextEdits.decapitalize(m.group(2)), m.group(1).toLowerCase(Locale.ROOT)};
    }
    String x = TextEdits.decapitalize(m.group(3));
    boolean plural = x.endsWith("s") && !x.endsWith("ss");
    return new String[] {x, plural ? "are" : "is"};
  }

  private static String placeSentence(String subject, String verb, String place, String imageNoun) {
    String p = TextEdits.decapitalize(place).replaceFirst("(?i)^(the|in the|in) ", "");
    return TextEdits.capitalize(subject) + " " + verb + " located in the " + p + " on this " + imageNoun + ".";
  }

  private static String otherMember(ConceptGroup group, String member, SplittableRandom rng) {
    List<String> others = new ArrayList<>(group.terms().keySet());
    others.remove(member);
    if (group.group().equals("organ")) {
      for (Set<String> region : ORGAN_REGIONS) {
        if (region.contains(member)) {
          List<String> near = others.stream().filter(region::contains).toList();
          if (!near.isEmpty()) {
            others = new ArrayList<>(near);
          }
        }
      }
    }
    return others.get(rng.nextInt(others.size()));
  }

  private Optional<Result> moveLocation(String a, String answer, String subject, String verb,
      String topicFinding, String imageNoun, SplittableRandom rng) {
    var tokens = org.mmedpo.streams.radiology.Tokenizer.tokenize(a);
    var match = lexicon.phrases().scan(tokens).stream()
        .filter(m -> m.value() instanceof org.mmedpo.streams.radiology.LexiconEntry.Location).findFirst();
    if (match.isEmpty()) {
      return Optional.empty();
    }
    var first = tokens.get(match.get().firstToken());
    var last = tokens.get(match.get().firstToken() + match.get().tokenCount() - 1);
    LocationSpec from = ((org.mmedpo.streams.radiology.LexiconEntry.Location) match.get().value()).spec();
    String lower = a.toLowerCase(Locale.ROOT);
    String side = lower.contains("left") ? "left" : lower.contains("right") ? "right" : null;
    String surface = a.substring(first.start(), last.end());
    boolean atEnd = last.end() == a.length();
    boolean plural = surface.toLowerCase(Locale.ROOT).endsWith("s") && !surface.equalsIgnoreCase(from.adjective());
    List<LocationSpec> options = lexicon.locationsIn(from.group(), side).stream()
        .filter(l -> !l.name().equals(from.name()) && (side != null || l.side() == null))
        .filter(l -> !lower.contains(l.noun().split(" ")[0]))
        .filter(l -> !plural || l.noun().endsWith("lobe"))
        .toList();
    if (options.isEmpty()) {
      return Optional.empty();
    }
    LocationSpec to = options.get(rng.nextInt(options.size()));
    String form = plural ? to.noun() + "s"
        : (surface.equalsIgnoreCase(from.adjective()) && !atEnd ? to.adjective() : to.noun());
    if (!from.sideWord() && from.side() != null && to.sideWord() && side == null) {
      form = from.side() + " " + form; // "lingula" moved to the lower lobe is the left lower lobe
    }
    String replaced = a.substring(0, first.start()) + form + a.substring(last.end());
    return Optional.of(result(answer, topicFinding, placeSentence(subject, verb, replaced, imageNoun)));
  }

  private static boolean isLateralityOnly(ParsedText parsed, String answer) {
    String[] words = answer.toLowerCase(Locale.ROOT).split("[\\s,]+");
    boolean hasSide = false;
    for (String word : words) {
      if (!LATERALITY_ANSWER_WORDS.contains(word)) {
        return false;
      }
      hasSide |= word.startsWith("left") || word.startsWith("right") || word.equals("bilateral");
    }
    return hasSide && parsed.mentions().isEmpty();
  }

  private static String article(FindingSpec spec, String phrase) {
    if (!spec.countable() || phrase.endsWith(spec.plural()) && !spec.plural().equals(spec.name())) {
      return "";
    }
    return TextEdits.vowelSound(phrase) ? "an " : "a ";
  }

  /** How a concept member is written in an answer. */
  static String display(String member) {
    return switch (member) {
      case "x-ray" -> "X-ray";
      case "ct", "mri", "pa", "ap", "t1", "t2", "flair", "dwi" -> member.toUpperCase(Locale.ROOT);
      default -> member;
    };
  }

  private static Result result(String answer, String finding, String text) {
    String tidy = TextEdits.tidy(text);
    return new Result(tidy, ReportEditor.op(OperationNames.WRONG_ANSWER, finding, answer.strip(), tidy));
  }
}
