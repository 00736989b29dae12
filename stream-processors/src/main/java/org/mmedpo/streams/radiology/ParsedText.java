package org.mmedpo.streams.radiology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the parser found in a text: its sentences, finding mentions, normal statements, concepts
 * and absurd phrases.
 *
 * @param text the text parsed
 * @param sentences sentence spans, in order
 * @param mentions finding mentions, in order
 * @param normals normal statements, in order
 * @param concepts non-finding concepts, in order
 * @param absurdities absurd phrases of the lexicon the text contains
 */
public record ParsedText(String text, List<Span> sentences, List<FindingMention> mentions,
    List<NormalMention> normals, List<ConceptMention> concepts, List<String> absurdities) {

  public ParsedText {
    sentences = List.copyOf(sentences);
    mentions = List.copyOf(mentions);
    normals = List.copyOf(normals);
    concepts = List.copyOf(concepts);
    absurdities = List.copyOf(absurdities);
  }

  public List<FindingMention> present() {
    return mentions.stream().filter(FindingMention::present).toList();
  }

  public List<FindingMention> absent() {
    return mentions.stream().filter(m -> !m.present()).toList();
  }

  /** The mentions of sentence {@code index}. */
  public List<FindingMention> inSentence(int index) {
    return mentions.stream().filter(m -> m.sentence() == index).toList();
  }

  /** The first mention of {@code finding}, if any. */
  public Optional<FindingMention> first(String finding) {
    return mentions.stream().filter(m -> m.name().equals(finding)).findFirst();
  }

  /**
   * The text's claim about each finding it mentions or denies: the first mention wins; normal
   * statements deny what they deny unless a mention says otherwise.
   */
  public Map<String, FindingMention> claims() {
    Map<String, FindingMention> claims = new LinkedHashMap<>();
    for (FindingMention mention : mentions) {
      claims.putIfAbsent(mention.name(), mention);
    }
    return claims;
  }

  /** Findings denied by normal statements and not mentioned. */
  public Set<String> deniedByNormals() {
    Set<String> denied = new TreeSet<>();
    for (NormalMention normal : normals) {
      for (String finding : normal.statement().denies()) {
        if (first(finding).isEmpty()) {
          denied.add(finding);
        }
      }
    }
    return denied;
  }

  /** The members of concept {@code group} the text names. */
  public Set<String> conceptMembers(String group) {
    Set<String> members = new TreeSet<>();
    concepts.stream().filter(c -> c.ref().group().equals(group))
        .forEach(c -> members.add(c.ref().member()));
    return members;
  }
}
