package org.mmedpo.streams.radiology;

/**
 * A value attached to a finding mention (laterality, location or severity), with where it was
 * written. {@code span} is null for values implied by the finding phrase itself.
 *
 * @param value canonical value (left, lower lobe, large, ...)
 * @param surface the words as written
 * @param span where in the text, or null
 */
public record Attribute(String value, String surface, Span span) {}
