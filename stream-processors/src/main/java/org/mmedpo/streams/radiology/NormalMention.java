package org.mmedpo.streams.radiology;

/**
 * A normal statement found in a text.
 *
 * @param statement the lexicon's statement
 * @param span where
 * @param sentence index of its sentence
 */
public record NormalMention(NormalStatement statement, Span span, int sentence) {}
