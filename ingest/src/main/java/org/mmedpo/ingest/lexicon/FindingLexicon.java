package org.mmedpo.ingest.lexicon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chest radiograph finding vocabulary, read from the classpath resource {@link #RESOURCE}:
 * one place for labels, the words reports use for them, their sides, locations and severities.
 * Other modules (hallucination generators, judges) read the same resource, so a label written by
 * the synthetic export is a label they know.
 *
 * @param findings every finding, in the resource's order
 * @param normalFindings sentences of a normal FINDINGS section
 * @param normalImpressions sentences of a normal IMPRESSION section
 */
public record FindingLexicon(List<Finding> findings, List<String> normalFindings,
    List<String> normalImpressions) {

  /** Classpath location of the lexicon JSON. */
  public static final String RESOURCE = "/org/mmedpo/ingest/lexicon/chest-xray-findings.json";

  private static final FindingLexicon DEFAULT = load();

  /**
   * One finding.
   *
   * @param label the canonical label, e.g. {@code pleural effusion}
   * @param lateralized whether it has a side
   * @param sides the sides it occurs on: right, left, bilateral (empty when not lateralized)
   * @param locations anatomical locations by side ({@code none} for unlateralized findings)
   * @param severities size or severity words, smallest first
   * @param synonyms words reports use, the label first
   * @param negation the sentence a report uses when it is absent
   */
  public record Finding(String label, boolean lateralized, List<String> sides,
      Map<String, List<String>> locations, List<String> severities, List<String> synonyms,
      String negation) {

    /** The locations on {@code side} (or on no side). */
    public List<String> locationsOn(String side) {
      return locations.getOrDefault(side == null ? "none" : side, List.of());
    }
  }

  /** The lexicon shipped in this module. */
  public static FindingLexicon standard() {
    return DEFAULT;
  }

  /** The finding with this label. */
  public Optional<Finding> find(String label) {
    return findings.stream().filter(f -> f.label().equals(label)).findFirst();
  }

  /** The finding with this label, or an exception naming it. */
  public Finding get(String label) {
    return find(label).orElseThrow(() -> new IllegalArgumentException("no finding '" + label + "' in the lexicon"));
  }

  /** Every label, in order. */
  public List<String> labels() {
    return findings.stream().map(Finding::label).toList();
  }

  private static FindingLexicon load() {
    try (InputStream in = FindingLexicon.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("lexicon resource " + RESOURCE + " is missing");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<Finding> findings = new ArrayList<>();
      for (JsonNode f : root.get("findings")) {
        Map<String, List<String>> locations = new LinkedHashMap<>();
        f.get("locations").fields().forEachRemaining(e -> locations.put(e.getKey(), strings(e.getValue())));
        findings.add(new Finding(f.get("label").asText(), f.get("lateralized").asBoolean(),
            strings(f.get("sides")), Map.copyOf(locations), strings(f.get("severities")),
            strings(f.get("synonyms")), f.get("negation").asText()));
      }
      JsonNode normal = root.get("normal");
      return new FindingLexicon(List.copyOf(findings), strings(normal.get("findings")),
          strings(normal.get("impressions")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lexicon " + RESOURCE, e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }
}
