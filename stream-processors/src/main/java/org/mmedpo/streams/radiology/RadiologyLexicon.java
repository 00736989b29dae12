package org.mmedpo.streams.radiology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The radiology lexicon ({@code radiology-lexicon.json} in this package): findings with their
 * clinical significance, anatomical locations, sides, severity scales, negation cues, normal
 * statements and the non-finding concepts of VQA answers. Immutable and thread-safe.
 */
public final class RadiologyLexicon {

  /** Classpath location of the standard lexicon. */
  public static final String RESOURCE = "radiology-lexicon.json";

  private static volatile RadiologyLexicon standard;

  private final String version;
  private final Map<String, FindingSpec> findings = new LinkedHashMap<>();
  private final Map<String, LocationSpec> locations = new LinkedHashMap<>();
  /** scale name to canonical level to surface words, in increasing order. */
  private final Map<String, Map<String, List<String>>> scales = new LinkedHashMap<>();
  private final Map<String, List<String>> lateralityWords = new LinkedHashMap<>();
  private final List<NormalStatement> normalStatements = new ArrayList<>();
  private final List<ConceptGroup> concepts = new ArrayList<>();
  private final List<String> absurdities = new ArrayList<>();
  private final PhraseIndex<LexiconEntry> phrases = new PhraseIndex<>();
  private final PhraseIndex<ConceptMention.Ref> conceptPhrases = new PhraseIndex<>();

  private RadiologyLexicon(JsonNode root) {
    version = root.path("version").asText("unknown");
    root.path("scales").fields().forEachRemaining(scale -> {
      Map<String, List<String>> levels = new LinkedHashMap<>();
      scale.getValue().fields().forEachRemaining(level -> levels.put(level.getKey(), strings(level.getValue())));
      scales.put(scale.getKey(), Collections.unmodifiableMap(levels));
    });
    root.path("laterality").fields().forEachRemaining(
        side -> lateralityWords.put(side.getKey(), strings(side.getValue())));
    for (JsonNode f : root.path("findings")) {
      FindingSpec spec = new FindingSpec(f.path("name").asText(), f.path("plural").asText(),
          strings(f.path("forms")), f.path("countable").asBoolean(), f.path("category").asText(),
          f.path("organ").asText(), f.path("significance").asDouble(), f.path("lateral").asBoolean(),
          f.path("scale").isNull() || f.path("scale").isMissingNode() ? null : f.path("scale").asText(),
          strings(f.path("locationGroups")), strings(f.path("locations")), strings(f.path("confusables")),
          f.path("evidence").asText(), f.path("normal").asText(), f.path("invent").asBoolean());
      findings.put(spec.name(), spec);
    }
    for (JsonNode l : root.path("locations")) {
      LocationSpec spec = new LocationSpec(l.path("name").asText(), l.path("group").asText(),
          l.path("side").isNull() ? null : l.path("side").asText(), l.path("adjective").asText(),
          l.path("noun").asText(), strings(l.path("forms")), l.path("sideWord").asBoolean(true));
      locations.put(spec.name(), spec);
    }
    for (JsonNode n : root.path("normalStatements")) {
      normalStatements.add(new NormalStatement(
          Pattern.compile(n.path("pattern").asText(), Pattern.CASE_INSENSITIVE),
          strings(n.path("denies")), n.path("organ").asText()));
    }
    for (JsonNode c : root.path("concepts")) {
      Map<String, List<String>> terms = new LinkedHashMap<>();
      c.path("terms").fields().forEachRemaining(t -> terms.put(t.getKey(), strings(t.getValue())));
      concepts.add(new ConceptGroup(c.path("group").asText(), c.path("significance").asDouble(), terms));
    }
    absurdities.addAll(strings(root.path("absurdities")));
    indexPhrases(root.path("negation"));
    validate();
  }

  /** The lexicon shipped with the module. */
  public static RadiologyLexicon standard() {
    RadiologyLexicon lexicon = standard;
    if (lexicon == null) {
      synchronized (RadiologyLexicon.class) {
        if (standard == null) {
          standard = load(RadiologyLexicon.class.getResourceAsStream(RESOURCE));
        }
        lexicon = standard;
      }
    }
    return lexicon;
  }

  /** Reads a lexicon in the JSON format of {@link #RESOURCE}. */
  public static RadiologyLexicon load(InputStream json) {
    if (json == null) {
      throw new IllegalStateException("radiology lexicon resource not found");
    }
    try (InputStream in = json) {
      return new RadiologyLexicon(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the radiology lexicon", e);
    }
  }

  private void indexPhrases(JsonNode negation) {
    // Order matters only for identical phrases: the first category added wins.
    for (FindingSpec spec : findings.values()) {
      for (String form : spec.forms()) {
        phrases.add(form, new LexiconEntry.Finding(spec, isPlural(spec, form)));
      }
    }
    for (String cue : strings(negation.path("post"))) {
      phrases.add(cue, new LexiconEntry.NegationAfter());
    }
    for (String cue : strings(negation.path("assertions"))) {
      phrases.add(cue, new LexiconEntry.Assertion());
    }
    for (String cue : strings(negation.path("terminators"))) {
      phrases.add(cue, new LexiconEntry.Terminator());
    }
    for (String cue : strings(negation.path("pre"))) {
      phrases.add(cue, new LexiconEntry.NegationBefore());
    }
    for (LocationSpec spec : locations.values()) {
      for (String form : spec.forms()) {
        phrases.add(form, new LexiconEntry.Location(spec));
      }
    }
    lateralityWords.forEach((side, words) -> words.forEach(
        word -> phrases.add(word, new LexiconEntry.Laterality(side))));
    scales.values().forEach(levels -> levels.values().forEach(
        words -> words.forEach(word -> phrases.add(word, new LexiconEntry.Severity(word)))));
    for (ConceptGroup group : concepts) {
      group.terms().forEach((member, words) -> words.forEach(
          word -> conceptPhrases.add(word, new ConceptMention.Ref(group.group(), member))));
    }
  }

  private static boolean isPlural(FindingSpec spec, String form) {
    if (form.equals(spec.plural()) && !form.equals(spec.name())) {
      return true;
    }
    if (form.equals(spec.name()) || form.equals("ascites")) {
      return false;
    }
    String last = form.substring(form.lastIndexOf(' ') + 1);
    return last.endsWith("s") && !last.endsWith("ss") && !last.endsWith("is") && !last.endsWith("us");
  }

  private void validate() {
    for (FindingSpec spec : findings.values()) {
      if (spec.significance() < 0 || spec.significance() > 1) {
        throw new IllegalStateException("significance of " + spec.name() + " outside [0, 1]");
      }
      if (spec.scale() != null && !scales.containsKey(spec.scale())) {
        throw new IllegalStateException("unknown scale " + spec.scale() + " of " + spec.name());
      }
      for (String confusable : spec.confusables()) {
        if (!findings.containsKey(confusable)) {
          throw new IllegalStateException("unknown confusable " + confusable + " of " + spec.name());
        }
      }
      for (String location : spec.locations()) {
        if (!locations.containsKey(location)) {
          throw new IllegalStateException("unknown location " + location + " of " + spec.name());
        }
      }
      for (String group : spec.locationGroups()) {
        if (locations.values().stream().noneMatch(l -> l.group().equals(group))) {
          throw new IllegalStateException("unknown location group " + group + " of " + spec.name());
        }
      }
    }
    for (NormalStatement statement : normalStatements) {
      for (String denied : statement.denies()) {
        if (!findings.containsKey(denied)) {
          throw new IllegalStateException("normal statement denies unknown finding " + denied);
        }
      }
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText().toLowerCase(Locale.ROOT)));
    return List.copyOf(values);
  }

  public String version() {
    return version;
  }

  public PhraseIndex<LexiconEntry> phrases() {
    return phrases;
  }

  public PhraseIndex<ConceptMention.Ref> conceptPhrases() {
    return conceptPhrases;
  }

  /** The finding named {@code name}. */
  public Optional<FindingSpec> finding(String name) {
    return Optional.ofNullable(findings.get(name));
  }

  public List<FindingSpec> findings() {
    return List.copyOf(findings.values());
  }

  public Optional<LocationSpec> location(String name) {
    return Optional.ofNullable(locations.get(name));
  }

  /** The locations of {@code group} that exist on {@code side} (null: any). */
  public List<LocationSpec> locationsIn(String group, String side) {
    return locations.values().stream()
        .filter(l -> l.group().equals(group) && l.existsOn(side)).toList();
  }

  public List<NormalStatement> normalStatements() {
    return List.copyOf(normalStatements);
  }

  public List<ConceptGroup> concepts() {
    return List.copyOf(concepts);
  }

  public Optional<ConceptGroup> conceptGroup(String group) {
    return concepts.stream().filter(c -> c.group().equals(group)).findFirst();
  }

  public List<String> absurdities() {
    return List.copyOf(absurdities);
  }

  /** Canonical levels of {@code scale}, in increasing order (e.g. tiny, small, moderate, large). */
  public List<String> levels(String scale) {
    Map<String, List<String>> levels = scales.get(scale);
    return levels == null ? List.of() : List.copyOf(levels.keySet());
  }

  /**
   * The canonical level of a severity {@code word} on {@code scale} ("massive" is "large" on the
   * size scale), or empty when the word is not on that scale.
   */
  public Optional<String> level(String scale, String word) {
    Map<String, List<String>> levels = scales.get(scale);
    if (levels == null) {
      return Optional.empty();
    }
    String lower = word.toLowerCase(Locale.ROOT);
    return levels.entrySet().stream().filter(e -> e.getValue().contains(lower))
        .map(Map.Entry::getKey).findFirst();
  }

  /** The level's rank on its scale, scaled to [0, 1]; -1 when unknown. */
  public double rank(String scale, String level) {
    List<String> levels = levels(scale);
    int index = levels.indexOf(level);
    return index < 0 || levels.size() < 2 ? -1 : index / (double) (levels.size() - 1);
  }

  /** The first scale that has {@code word}, for words met without a finding. */
  public Optional<String> scaleOf(String word) {
    return scales.keySet().stream().filter(scale -> level(scale, word).isPresent()).findFirst();
  }
}
