package org.mmedpo.streams.radiology;

/**
 * A non-finding concept named in a text (a modality, plane, organ, ...).
 *
 * @param ref which concept
 * @param span where
 */
public record ConceptMention(Ref ref, Span span) {

  /** A member of a concept group, e.g. (modality, ct). */
  public record Ref(String group, String member) {}
}
