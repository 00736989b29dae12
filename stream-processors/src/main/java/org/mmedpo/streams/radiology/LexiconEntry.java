package org.mmedpo.streams.radiology;

/** What a phrase of the lexicon stands for. */
public sealed interface LexiconEntry {

  /** A finding; {@code plural} when this surface form is plural. */
  record Finding(FindingSpec spec, boolean plural) implements LexiconEntry {}

  /** An anatomical location. */
  record Location(LocationSpec spec) implements LexiconEntry {}

  /** A side: left, right or bilateral. */
  record Laterality(String side) implements LexiconEntry {}

  /** A size or severity word; its scale and rank depend on the finding it describes. */
  record Severity(String word) implements LexiconEntry {}

  /** A negation cue before the findings it negates ("no", "without"). */
  record NegationBefore() implements LexiconEntry {}

  /** A negation cue after the findings it negates ("is not seen", "has resolved"). */
  record NegationAfter() implements LexiconEntry {}

  /** Ends the scope of a negation ("but", "however"). */
  record Terminator() implements LexiconEntry {}

  /** Ends a negation scope and asserts what follows ("there is", "unchanged"). */
  record Assertion() implements LexiconEntry {}
}
