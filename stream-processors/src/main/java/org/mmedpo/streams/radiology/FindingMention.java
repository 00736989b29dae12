package org.mmedpo.streams.radiology;

/**
 * One mention of a finding in a text, with what the text says about it.
 *
 * @param finding the finding
 * @param span where its phrase is
 * @param sentence index of its sentence
 * @param present false when the text negates it ("no pneumothorax", "effusion has resolved")
 * @param plural true when written in the plural
 * @param laterality its side, or null; the span is the location's when a location implies it
 *     ("bibasilar", "lingula")
 * @param location its location, or null
 * @param severity its size or severity level (the value is the canonical level), or null
 */
public record FindingMention(FindingSpec finding, Span span, int sentence, boolean present,
    boolean plural, Attribute laterality, Attribute location, Attribute severity) {

  /** The finding's name. */
  public String name() {
    return finding.name();
  }

  /** True when the side is written as its own word, not implied by a location. */
  public boolean hasExplicitLaterality() {
    return laterality != null && laterality.span() != null
        && (location == null || !laterality.span().equals(location.span()));
  }
}
