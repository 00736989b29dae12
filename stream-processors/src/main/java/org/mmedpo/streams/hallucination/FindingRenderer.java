package org.mmedpo.streams.hallucination;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mmedpo.streams.radiology.FindingSpec;
import org.mmedpo.streams.radiology.LocationSpec;
import org.mmedpo.streams.radiology.RadiologyLexicon;

/**
 * Writes a finding the way radiologists do, modifiers before the noun: "a small right apical
 * pneumothorax", "right lower lobe consolidation", "bilateral pleural effusions".
 */
final class FindingRenderer {

  /**
   * How a finding is described.
   *
   * @param side left, right, bilateral or null
   * @param location location or null
   * @param level severity level or null
   * @param plural plural noun
   */
  record Look(String side, LocationSpec location, String level, boolean plural) {}

  private final RadiologyLexicon lexicon;

  FindingRenderer(RadiologyLexicon lexicon) {
    this.lexicon = lexicon;
  }

  /** A plausible description of {@code finding}: a side, a location and a size that fit it. */
  Look plausible(FindingSpec finding, SplittableRandom rng) {
    String side = sideFor(finding, rng);
    LocationSpec location = null;
    if (!finding.locationGroups().isEmpty() && rng.nextInt(10) < 7) {
      List<LocationSpec> options = lexicon.locationsIn(finding.locationGroups().get(0),
          "bilateral".equals(side) ? null : side).stream()
          .filter(l -> side != null || l.side() == null)
          .filter(l -> !"bilateral".equals(side) || l.side() == null)
          .filter(finding::fits)
          .toList();
      if (!options.isEmpty()) {
        location = options.get(rng.nextInt(options.size()));
      }
    }
    String level = null;
    if (finding.scale() != null) {
      List<String> levels = lexicon.levels(finding.scale());
      List<String> usable = levels.size() > 3 ? levels.subList(1, levels.size()) : levels;
      level = usable.get(rng.nextInt(usable.size()));
    }
    boolean plural = "bilateral".equals(side) && finding.countable();
    return new Look(side, location, level, plural);
  }

  private static String sideFor(FindingSpec finding, SplittableRandom rng) {
    if (!finding.lateral()) {
      return null;
    }
    boolean bilateralFits = finding.name().equals("pleural effusion")
        || finding.name().equals("atelectasis") || finding.name().equals("opacity");
    return bilateralFits && rng.nextInt(5) == 0 ? "bilateral" : (rng.nextBoolean() ? "left" : "right");
  }

  /** The noun phrase without article: "small right apical pneumothorax". */
  String phrase(FindingSpec finding, Look look) {
    List<String> words = new ArrayList<>();
    if (look.level() != null) {
      words.add(look.level());
    }
    boolean bibasilar = "bilateral".equals(look.side()) && look.location() != null
        && look.location().name().equals("basilar");
    boolean sideWord = look.location() == null || look.location().sideWord();
    if (look.side() != null && !bibasilar && sideWord) {
      words.add(look.side());
    }
    if (look.location() != null) {
      words.add(bibasilar ? "bibasilar" : look.location().adjective());
    }
    words.add(finding.name(look.plural()));
    return String.join(" ", words);
  }

  /** A clause asserting the finding, lower case, no period: "there is a small ... pneumothorax". */
  String clause(FindingSpec finding, Look look) {
    String phrase = phrase(finding, look);
    if (look.plural()) {
      return "there are " + phrase;
    }
    if (finding.countable()) {
      return "there is " + (TextEdits.vowelSound(phrase) ? "an " : "a ") + phrase;
    }
    return "there is " + phrase;
  }

  /** A sentence asserting the finding. */
  String sentence(FindingSpec finding, Look look) {
    return TextEdits.capitalize(clause(finding, look)) + ".";
  }

  /** A sentence denying the findings: "No pleural effusion or pneumothorax." */
  static String negativeSentence(List<String> names) {
    return "No " + TextEdits.list(names, "or") + ".";
  }
}
